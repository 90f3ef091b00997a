"""A federation over two backends at once: one party on the console's own embedded backend,
the other on a remote profile served by `kubefate-tui serve`; while that service is stopped its
party says its backend cannot be reached, and the other party is shown as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from backend.embedded import EmbeddedBackend
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.models import ClusterStatus
from kubefate_tui.app import KubefateApp
from tests.console.conftest import QUICK, fixed_clock, screen_lines, seed_cluster, wait_until
from tests.console.served_api import Served
from tests.offline_backend import offline_options

from .conftest import Profiles, line_with, settle
from .federation_folder import Party, write_federation


async def test_a_party_on_a_served_backend_and_its_service_stopping(
    served: Served, tmp_path: Path
) -> None:
    cluster = await seed_cluster(
        served.embedded, "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "fate-10000"
    )
    folder = write_federation(
        tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101, profile="lab-b")]
    )
    backend = EmbeddedBackend(offline_options(tmp_path / "own.db"))
    profiles = Profiles({"lab-b": served.remote})
    app = KubefateApp(
        backend,
        clock=fixed_clock,
        pacing=QUICK,
        backend_factory=profiles,
        federation_folder=folder,
    )
    async with app.run_test(size=(200, 40)) as pilot:
        lines = await settle(pilot)
        assert line_with(lines, "party 9999", "current", "not deployed")
        assert line_with(lines, "party 10000", "fate-10000 ", "lab-b", "Running")

        # Someone updates that cluster through the service: the mode follows the remote
        # backend's change events, no key pressed.
        async with served.embedded.store.transaction() as tx:
            await tx.clusters.save(replace(cluster, status=ClusterStatus.UPDATING))
        # As the service's engine does once it has written a cluster (what its change feed
        # sends to the console).
        updated = ChangeEvent(EntityKind.CLUSTER, ChangeAction.UPDATED, cluster.uuid)
        served.embedded.events.publish(updated)
        lines = await settle(pilot, lambda: "Updating" in "".join(screen_lines(app)))
        assert line_with(lines, "party 10000", "lab-b", "Updating")
        async with served.embedded.store.transaction() as tx:
            await tx.clusters.save(cluster)
        served.embedded.events.publish(updated)
        await settle(pilot, lambda: "Updating" not in "".join(screen_lines(app)))

        await served.service.stop()
        await pilot.press("r")
        lines = await settle(pilot, lambda: "backend unreachable" in "".join(screen_lines(app)))
        gone = line_with(lines, "party 10000", "lab-b", "backend unreachable: ")
        assert f"127.0.0.1:{served.service.port}" in "".join(lines)
        assert "Running" not in gone
        assert line_with(lines, "party 9999", "current", "not deployed")

        await served.service.start()
        await pilot.press("r")
        lines = await settle(pilot, lambda: "Running" in "".join(screen_lines(app)))
        assert line_with(lines, "party 10000", "lab-b", "Running")

        # Leaving the mode closes the profile's backend; coming back opens a new one.
        assert len(profiles.opened) == 1
        await pilot.press("1")
        await wait_until(pilot, lambda: "Clusters" in "".join(screen_lines(app)), "Clusters")
        await pilot.press("6")
        lines = await settle(pilot, lambda: len(profiles.opened) == 2)
        assert line_with(lines, "party 10000", "lab-b", "Running")


async def test_a_profile_the_config_does_not_have_is_said_per_party(tmp_path: Path) -> None:
    folder = write_federation(
        tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101, profile="nowhere")]
    )
    backend = EmbeddedBackend(offline_options(tmp_path / "own.db"))
    profiles = Profiles({})
    app = KubefateApp(backend, pacing=QUICK, backend_factory=profiles, federation_folder=folder)
    async with app.run_test(size=(200, 40)) as pilot:
        lines = await settle(pilot)
        assert line_with(lines, "party 10000", "nowhere", "backend unreachable: no profile")
        assert line_with(lines, "party 9999", "current", "not deployed")

        # The profile is added (the config fixed): `r` tries it again.
        profiles.makers["nowhere"] = lambda: EmbeddedBackend(
            offline_options(tmp_path / "nowhere.db")
        )
        await pilot.press("r")
        lines = await settle(pilot, lambda: "no profile" not in "".join(screen_lines(app)))
        assert line_with(lines, "party 10000", "nowhere", "not deployed")
