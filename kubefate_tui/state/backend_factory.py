"""How the app opens backends beside its own: one per config profile, for the Federations mode.

The app never builds a backend (docs/architecture.md): the composition root
(`kubefate_tui/subcommands/console_command.py`) hands it a `BackendFactory`, and the
Federations mode asks it for the backend of each profile a party names.
"""

from __future__ import annotations

from typing import Protocol

from backend.interface import Backend


class ProfileUnknown(LookupError):
    """No profile of that name in the config; the message lists those there are."""


class BackendFactory(Protocol):
    """Opens a backend for a config profile (not started: the caller starts and closes it)."""

    def profile_names(self) -> tuple[str, ...]:
        """The profiles of the config, in its order."""
        ...

    def open_profile(self, name: str) -> Backend:
        """A new backend for the profile `name`; ProfileUnknown if there is none, ValueError
        (a one-line reason) if its settings cannot be used."""
        ...


class NoProfiles:
    """The factory of a console given none: every profile is unknown."""

    def profile_names(self) -> tuple[str, ...]:
        return ()

    def open_profile(self, name: str) -> Backend:
        raise ProfileUnknown(f"no profile {name!r} (no profiles in the config)")
