"""A long jobs list opens at its first page and fills in below while the user reads it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend, EmbeddedOptions
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.interface import JOB_PAGE_SIZE, Backend, JobPage
from backend.models import Job
from kubefate_tui.app import KubefateApp
from kubefate_tui.listing.column_spec import RowContext
from kubefate_tui.screens.jobs_screen import JOBS_PAGE_SIZE, JobsScreen
from kubefate_tui.screens.resource_screen import ResourceScreen, RowPage
from tests.offline_backend import offline_options

from .conftest import fixed_clock, panel, settle, wait_until
from .test_virtual_table import seed_many_jobs

JOBS = 2 * JOBS_PAGE_SIZE + 500


class GatedPages(EmbeddedBackend):
    """The real backend, whose job listings hold every page after the first until the test
    opens the gate (so the test sees the list while it is still loading)."""

    def __init__(self, options: EmbeddedOptions) -> None:
        super().__init__(options)
        self.gate = asyncio.Event()

    async def iter_jobs(
        self, *, summary: bool = False, page_size: int = JOB_PAGE_SIZE
    ) -> AsyncIterator[JobPage]:
        first = True
        async for page in super().iter_jobs(summary=summary, page_size=page_size):
            if not first:
                await self.gate.wait()
            first = False
            yield page


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The times (the console's clock) of each load of the Jobs screen, as they start."""
    started: list[datetime] = []
    fetch_pages = JobsScreen.fetch_pages

    def counted(
        screen: JobsScreen, backend: Backend, context: RowContext
    ) -> AsyncIterator[RowPage[Job]]:
        started.append(context.now)
        return fetch_pages(screen, backend, context)

    monkeypatch.setattr(JobsScreen, "fetch_pages", counted)
    return started


def loading(app: KubefateApp) -> bool:
    screen = app.screen
    return isinstance(screen, ResourceScreen) and screen.is_loading


async def test_the_first_page_shows_at_once_and_the_rest_fills_in_below(
    db_path: Path, loads: list[datetime]
) -> None:
    backend = GatedPages(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await seed_many_jobs(backend, JOBS)
        await pilot.press("2")
        jobs = panel(app)
        await wait_until(pilot, lambda: jobs.table.row_count > 0, "the first page")
        await pilot.pause()
        assert jobs.table.row_count == JOBS_PAGE_SIZE and loading(app)
        assert jobs.border_title == f"Jobs (loading 1,000 of {JOBS:,}…)"
        screen = app.export_screenshot()
        assert "00000000-0000-4000-8000-000000000000" in screen  # the oldest, on top
        await pilot.press("down", "down")  # the list is usable while it loads
        assert jobs.table.cursor_key == "00000000-0000-4000-8000-000000000002"
        app.apply_change(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, "x"))  # mid-load
        backend.gate.set()
        await settle(pilot, "jobs")
        assert jobs.table.row_count == JOBS and jobs.border_title == f"Jobs ({JOBS})"
        assert jobs.table.cursor_row == 2 and jobs.table.scroll_offset.y == 0  # nothing moved
        assert len(loads) == 2  # the change asked for one more load, after this one


async def test_a_reload_of_a_shown_list_swaps_in_whole(
    db_path: Path, loads: list[datetime]
) -> None:
    backend = GatedPages(offline_options(db_path))
    backend.gate.set()
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await seed_many_jobs(backend, JOBS)
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == JOBS
        backend.gate.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: len(loads) == 2, "the reload")
        await pilot.pause(0.1)
        assert loading(app)  # held after its first page: the whole old list stays meanwhile
        assert jobs.table.row_count == JOBS and jobs.border_title == f"Jobs ({JOBS})"
        backend.gate.set()
        await settle(pilot, "jobs")
        assert jobs.table.row_count == JOBS
