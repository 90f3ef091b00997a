"""Snapshots of the console (pytest-textual-snapshot): accept changes with --snapshot-update.

Deterministic by construction: a fixed clock, fixed uuids and times in the seeded jobs, a
database path relative to a temporary working folder, a fixed theme and terminal size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from tests.offline_backend import offline_options

from .conftest import fixed_clock, seed_jobs, settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KubefateApp:
    monkeypatch.chdir(tmp_path)  # the status line shows the path as given: `kubefate.db`
    app = KubefateApp(EmbeddedBackend(offline_options(Path("kubefate.db"))), clock=fixed_clock)
    app.theme = "textual-dark"
    return app


def test_jobs_mode(snap_compare: SnapCompare, console: KubefateApp) -> None:
    async def show_seeded_jobs(pilot: Pilot[None]) -> None:
        await settle(pilot, "clusters")
        assert isinstance(console.backend, EmbeddedBackend)
        await seed_jobs(console.backend)
        await pilot.press("2")
        await settle(pilot, "jobs")

    assert snap_compare(console, run_before=show_seeded_jobs, terminal_size=(150, 14))


def test_namespaces_mode_explains_what_is_missing(
    snap_compare: SnapCompare, console: KubefateApp
) -> None:
    async def show_namespaces(pilot: Pilot[None]) -> None:
        await settle(pilot, "clusters")
        await pilot.press("4")
        await settle(pilot, "namespaces")

    assert snap_compare(console, run_before=show_namespaces, terminal_size=(100, 12))
