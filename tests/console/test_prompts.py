"""The `:` and `/` prompts as the user sees them: drawn above the footer, and every key typed
right after `:` or `/` lands in the prompt, even when the keys come in one burst."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.widgets.bars.command_line import CommandLine
from tests.offline_backend import offline_options

from .conftest import fixed_clock, screen_lines, seed_jobs, settle, type_burst, wait_until

SIZES = [(80, 24), (140, 45)]


def embedded(db_path: Path) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path))


def prompt_row(app: KubefateApp, prompt: str) -> int:
    """The screen row that shows `prompt` at its left edge (fails when none does)."""
    rows = [n for n, line in enumerate(screen_lines(app)) if line.startswith(prompt)]
    assert rows, f"{prompt!r} is not drawn:\n" + "\n".join(screen_lines(app))
    return rows[-1]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_what_is_typed_after_colon_is_drawn_above_the_footer(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = KubefateApp(embedded(db_path), clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, "clusters")
        type_burst(app, ":jobs")
        command_line = app.screen.query_one(CommandLine)
        await wait_until(pilot, lambda: command_line.input.value == "jobs", "the typed text")
        await pilot.pause()
        lines = screen_lines(app)
        row = prompt_row(app, ":jobs")
        assert row == size[1] - 2  # the row above the footer, which keeps the last row
        assert "Command" not in lines[row]
        assert "palette" in lines[-1]  # the footer is still drawn below


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_burst_of_colon_jobs_enter_switches_mode(
    db_path: Path, size: tuple[int, int]
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        type_burst(app, ":jobs\r")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == 3
        assert not app.screen.query_one(CommandLine).is_open


async def test_a_burst_right_after_start_is_not_lost(db_path: Path) -> None:
    # The bars mount a frame after the list: a `:` typed before must still open the prompt.
    app = KubefateApp(embedded(db_path), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        type_burst(app, ":users\r")
        await settle(pilot, "users")


async def test_a_burst_after_slash_filters_and_is_drawn(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        clusters = await settle(pilot, "clusters")
        type_burst(app, "/10000")
        await wait_until(pilot, lambda: clusters.table.row_count == 1, "the filter")
        await pilot.pause()
        assert prompt_row(app, "/10000") == 22


async def test_the_prompt_of_a_detail_screen_is_drawn_and_takes_a_burst(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, "clusters")
        [job, *_] = await seed_jobs(backend)
        await app.open_job(job.uuid)
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        type_burst(app, ":clus")
        command_line = app.screen.query_one(CommandLine)
        await wait_until(pilot, lambda: command_line.input.value == "clus", "the typed text")
        await pilot.pause()
        assert prompt_row(app, ":clus") == 22
        type_burst(app, "ters\r")
        await settle(pilot, "clusters")
