"""Fixtures of the console tests: a real embedded backend on a temporary database, and waits."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer

from backend.embedded import EmbeddedBackend, EmbeddedOptions
from backend.models import Cluster, ClusterArgs, ClusterStatus, Job, JobMethod, JobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.state.pacing import Pacing
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from kubefate_tui.widgets.tables.resource_panel import ResourcePanel

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
"""The fixed clock of the tests that show times."""


def fixed_clock() -> datetime:
    return NOW


QUICK = Pacing(
    panel_poll=0.05,
    cluster_watch=0.05,
    job_tick=0.05,
    job_reasons=0.1,
    reconnected=0.3,
)
"""The console's own intervals for tests that wait for them: the same behaviour as the product's
(seconds), a few dozen times faster. `first_loads_wait` keeps its default: it is a limit, not a
wait a test sits through."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kubefate.db"


class GatedBackend(EmbeddedBackend):
    """The real embedded backend, whose start waits until the test opens the gate."""

    def __init__(self, options: EmbeddedOptions) -> None:
        super().__init__(options)
        self.gate = asyncio.Event()

    async def start(self) -> None:
        await self.gate.wait()
        await super().start()


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition()` holds; fail naming `what` after 10 s."""
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def status_line(app: KubefateApp) -> str:
    return app.screen.query_one(BackendStatus).text


def panel(app: KubefateApp) -> ResourcePanel:
    return app.screen.query_one(ResourcePanel)


def footer_drawn(screen: Screen[Any]) -> bool:
    """True once the footer is mounted and shows its keys (the bars below the panel come a
    frame after it, and the footer fills in its keys a frame after that)."""
    return any(footer.children for footer in screen.query(Footer))


async def settle(pilot: Pilot[None], mode: str) -> ResourcePanel:
    """Wait until the backend has started and `mode` is shown and loaded; return its panel."""
    app = pilot.app
    assert isinstance(app, KubefateApp)

    def loaded() -> bool:
        screen = app.screen
        return (
            app.backend_state.phase is not BackendPhase.STARTING
            and isinstance(screen, ResourceScreen)
            and mode == screen.MODE
            and not screen.is_loading
            and footer_drawn(screen)
        )

    await wait_until(pilot, loaded, f"the {mode} mode to load")
    await pilot.pause()
    return panel(app)


async def seed_jobs(backend: EmbeddedBackend) -> list[Job]:
    """Three jobs with fixed identities and times: finished, failed, and still running."""
    await seed_cluster(backend)
    await seed_cluster(backend, "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "fate-10000")
    start = NOW - timedelta(hours=1)
    jobs = [
        Job(
            uuid="11111111-1111-4111-8111-111111111111",
            method=JobMethod.INSTALL,
            creator="admin",
            start_time=start,
            end_time=start + timedelta(minutes=4, seconds=30),
            cluster_id="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
            status=JobStatus.SUCCESS,
            meta_data=ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0"),
        ),
        Job(
            uuid="22222222-2222-4222-8222-222222222222",
            method=JobMethod.UPDATE,
            creator="alice",
            start_time=start + timedelta(minutes=20),
            end_time=start + timedelta(minutes=21, seconds=5),
            cluster_id="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
            status=JobStatus.FAILED,
            meta_data=ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0"),
        ),
        Job(
            uuid="33333333-3333-4333-8333-333333333333",
            method=JobMethod.INSTALL,
            creator="admin",
            start_time=NOW - timedelta(minutes=3, seconds=15),
            cluster_id="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
            status=JobStatus.RUNNING,
            meta_data=ClusterArgs("fate-10000", "fate-10000", "fate", "v2.0.0"),
        ),
    ]
    async with backend.store.transaction() as tx:
        return [await tx.jobs.insert(job) for job in jobs]


async def seed_cluster(
    backend: EmbeddedBackend,
    uuid: str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    name: str = "fate-9999",
) -> Cluster:
    cluster = Cluster(
        uuid=uuid,
        name=name,
        namespace=name,
        chart_name="fate",
        chart_version="v2.0.0",
        revision=2,
        status=ClusterStatus.RUNNING,
    )
    async with backend.store.transaction() as tx:
        return await tx.clusters.insert(cluster)


def screen_lines(app: KubefateApp) -> list[str]:
    """The screen as drawn now, one string per terminal row (what a user would see)."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=[app.screen]))
    return console.export_text().splitlines()


_KEY_NAMES = {":": "colon", "/": "slash", "?": "question_mark", " ": "space", "\r": "enter"}


def type_burst(app: KubefateApp, text: str) -> None:
    """Queue every key of `text` at once, as a terminal delivers a paste or a fast typist
    (Pilot's `press` waits for each key to be handled; a real terminal does not)."""
    for char in text:
        name = _KEY_NAMES.get(char, char)
        app.post_message(events.Key(name, None if char == "\r" else char))


# `served`: `kubefate-tui serve` on loopback, for the remote console tests.
from .served_api import served, served_without_feed  # noqa: E402, F401 - fixtures, registered by being here
