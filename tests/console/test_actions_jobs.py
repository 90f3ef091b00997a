"""Stop and delete jobs through the console, against a real embedded backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Button

from backend.errors import NotFound
from backend.models import JobStatus
from kubefate_tui.actions.selection import SelectedJob
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog

from .action_support import PickedJob, embedded, show, wait_for_screen, wait_for_toast
from .conftest import seed_jobs, settle, wait_until

FINISHED = SelectedJob("11111111-1111-4111-8111-111111111111", finished=True)
RUNNING = SelectedJob("33333333-3333-4333-8333-333333333333", finished=False)


async def test_stop_a_running_job_after_a_confirmation_whose_default_is_no(
    db_path: Path,
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await show(pilot, PickedJob(RUNNING))
        await pilot.press("s")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question.startswith(
            "Stop job 33333333 (ClusterInstall of fate-10000/fate-10000, Running)?"
        )
        assert app.focused is confirm.query_one("#cancel", Button)
        await pilot.press("enter")  # No
        await wait_until(pilot, lambda: isinstance(app.screen, PickedJob), "the dialog closing")
        assert (await backend.get_job(RUNNING.uuid)).status is JobStatus.RUNNING

        await pilot.press("s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")  # Stop
        text = await wait_for_toast(pilot, messages, "33333333")
        assert text == "job 33333333 is Stopping"
        assert (await backend.get_job(RUNNING.uuid)).status is JobStatus.STOPPING


async def test_stop_a_finished_job_says_it_already_finished(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await show(pilot, PickedJob(FINISHED))
        await pilot.press("s")
        text = await wait_for_toast(pilot, messages, "11111111")
        assert text == "job 11111111 already finished (Success)"
        assert isinstance(app.screen, PickedJob)  # nothing asked


async def test_delete_a_finished_job_after_a_confirmation(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await show(pilot, PickedJob(FINISHED))
        await pilot.press("ctrl+d")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question.startswith("Delete the record of job 11111111")
        await pilot.press("tab", "enter")
        await wait_for_toast(pilot, messages, "job 11111111 deleted")
        remaining = [job.uuid for job in await backend.list_jobs()]
        assert FINISHED.uuid not in remaining and len(remaining) == 2
        with pytest.raises(NotFound):
            await backend.get_job(FINISHED.uuid)


async def test_delete_an_unfinished_job_is_refused_with_the_reason(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await show(pilot, PickedJob(RUNNING))
        await pilot.press("ctrl+d")
        text = await wait_for_toast(pilot, messages, "33333333")
        assert text == (
            "job 33333333 is Running: it must be stopped first (or finish) before its record "
            "can be deleted; nothing was deleted"
        )
        assert isinstance(app.screen, PickedJob)
        assert (await backend.get_job(RUNNING.uuid)).status is JobStatus.RUNNING


async def test_the_jobs_list_stops_the_job_under_its_cursor(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(160, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        await wait_until(pilot, lambda: jobs.table.row_count == 3, "the three jobs")
        position = jobs.table.index_of(RUNNING.uuid)
        assert position is not None
        jobs.table.move_cursor(position)
        await pilot.press("s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")
        await wait_for_toast(pilot, messages, "job 33333333 is Stopping")
        assert (await backend.get_job(RUNNING.uuid)).status is JobStatus.STOPPING
