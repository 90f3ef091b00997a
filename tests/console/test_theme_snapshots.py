"""Snapshots of the Jobs mode in the shipped light and high-contrast themes.

Same set-up as test_console_snapshots.py (fixed clock, seeded jobs, relative database path,
fixed size); accept changes with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.theming.theme_catalog import ThemeCatalog, builtin_themes
from tests.offline_backend import offline_options

from .conftest import fixed_clock, seed_jobs, settle

SnapCompare = Callable[..., bool]


def themed_console(theme: str) -> KubefateApp:
    """The console over an offline backend, in one of the shipped themes."""
    app = KubefateApp(EmbeddedBackend(offline_options(Path("kubefate.db"))), clock=fixed_clock)
    ThemeCatalog(builtin_themes()).register_on(app)
    app.theme = theme
    return app


async def show_seeded_jobs(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KubefateApp) and isinstance(app.backend, EmbeddedBackend)
    await settle(pilot, "clusters")
    await seed_jobs(app.backend)
    await pilot.press("2")
    await settle(pilot, "jobs")


@pytest.mark.parametrize("theme", ["kubefate-light", "kubefate-high-contrast"])
def test_jobs_mode_in_theme(
    snap_compare: SnapCompare, theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the status line shows the path as given: `kubefate.db`
    console = themed_console(theme)
    assert snap_compare(console, run_before=show_seeded_jobs, terminal_size=(150, 14))
