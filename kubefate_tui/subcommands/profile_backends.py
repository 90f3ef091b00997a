"""The console's `BackendFactory`: a backend per profile of the config file.

Built here, in the composition root, because only `kubefate_tui/subcommands` may construct
backends (docs/architecture.md); the app receives it and the Federations mode asks it for the
backend of each profile a party names.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from backend.interface import Backend
from kubefate_tui.settings.console_config import Profile, RemoteProfile
from kubefate_tui.state.backend_factory import ProfileUnknown


class ConfigProfiles:
    """Opens the profiles of the config: embedded ones on their own database and kube context
    (`--db` names the main backend's database only), remote ones on their service."""

    def __init__(self, profiles: Mapping[str, Profile], args: argparse.Namespace) -> None:
        self.profiles = dict(profiles)
        self.read_only = bool(getattr(args, "read_only", False))

    def profile_names(self) -> tuple[str, ...]:
        """The profiles of the config, in its order."""
        return tuple(self.profiles)

    def open_profile(self, name: str) -> Backend:
        """A new (not started) backend for the profile `name`."""
        from kubefate_tui.subcommands.console_command import (
            ConsoleSetupError,
            embedded_backend,
            remote_backend,
        )

        profile = self.profiles.get(name)
        if profile is None:
            known = ", ".join(self.profiles) or "none in the config"
            raise ProfileUnknown(f"no profile {name!r} ({known})")
        try:
            if isinstance(profile, RemoteProfile):
                return remote_backend(profile.url, profile)
            own = argparse.Namespace(db=None, read_only=self.read_only)
            return embedded_backend(own, profile)
        except ConsoleSetupError as error:
            raise ValueError(str(error)) from None
