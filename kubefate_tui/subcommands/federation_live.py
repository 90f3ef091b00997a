"""`federation check --live`: each member's deployed gateway (its cluster's Info `ip` and
`port`), read through the member's profile, for backend/federation/deployed.py to compare.

A member whose backend cannot be opened or asked is one finding on its line of
federation.yaml, never a traceback; its routes are then simply not compared.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from backend.errors import BackendError
from backend.federation.consistency import FederationReport
from backend.federation.deployed import DeployedGateway, compare_deployed, deployed_gateway
from backend.federation.federation_file import Federation, Member
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.backend_factory import BackendFactory
from kubefate_tui.state.federation_status import find_cluster
from kubefate_tui.state.party_backends import PartyBackends, Unreachable


async def _gateway(
    member: Member, backends: PartyBackends, main_problem: str | None
) -> DeployedGateway | str | None:
    """The member's deployed gateway; a reason when its backend cannot say; None: not deployed."""
    if member.profile is None and main_problem is not None:
        return main_problem
    backend = await backends.backend_for(member.profile)
    if isinstance(backend, Unreachable):
        return backend.text
    try:
        cluster = await find_cluster(backend, member)
    except BackendError as error:
        return f"backend unreachable: {error_text(error)}"
    return deployed_gateway(cluster.info) if cluster is not None else None


async def _start(main: Backend) -> str | None:
    """Start the default backend; why it cannot be used, or None."""
    try:
        await main.start()
    except Exception as error:  # any start failure is its members' finding, not a traceback
        return f"backend unreachable: {error_text(error)}"
    return None


def _who(member: Member) -> str:
    return "the exchange" if member.party_id is None else f"party {member.party_id}"


async def live_report(
    federation: Federation, main: Backend, factory: BackendFactory
) -> FederationReport:
    """The routes of `federation` against what its members' backends say is deployed."""
    backends = PartyBackends(main, factory)
    deployed: dict[Path, DeployedGateway] = {}
    unreachable: list[tuple[Member, str]] = []
    defaulted = any(member.profile is None for member in federation.members)
    main_problem = await _start(main) if defaulted else None
    try:
        for member in federation.members:
            found = await _gateway(member, backends, main_problem)
            if isinstance(found, str):
                unreachable.append((member, found))
            elif found is not None:
                deployed[member.file] = found
    finally:
        await backends.close()
        await main.close()
    report = compare_deployed(federation, deployed)
    for member, reason in unreachable:
        profile = member.profile or "the default backend"
        report.add(
            federation.path,
            "error",
            "backend-unreachable",
            ("members", member.line),
            f"{_who(member)} ({member.namespace}/{member.cluster}, {profile}): {reason}; "
            "its deployed gateway is not compared",
            member.file,
        )
    return report


def open_backends(args: argparse.Namespace) -> tuple[Backend, BackendFactory]:
    """The default backend (as the console picks it: --db, --remote, the config's default
    profile) and the config's profiles; ValueError says why they cannot be built."""
    from backend.service_settings import SettingsError
    from kubefate_tui.settings.console_config import ConfigError, load_console_config
    from kubefate_tui.subcommands.console_command import (
        ConfigProfiles,
        ConsoleSetupError,
        chosen_backend,
    )

    try:
        config = load_console_config()
        main = chosen_backend(args, config.active_profile)
    except (ConfigError, SettingsError, ConsoleSetupError) as error:
        raise ValueError(str(error)) from None
    return main, ConfigProfiles(config.profiles, args)


__all__ = ["live_report", "open_backends"]
