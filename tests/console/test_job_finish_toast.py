"""A toast tells when a job finishes, whatever screen is open (embedded: from change events)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from backend.embedded import EmbeddedBackend
from backend.events import RESYNC, ChangeAction, ChangeEvent, EntityKind
from backend.models import JobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.live.job_finish_watch import JobFinishWatch, finish_message
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from tests.offline_backend import offline_options

from .conftest import NOW, fixed_clock, seed_jobs, settle, wait_until

RUNNING_JOB = "33333333-3333-4333-8333-333333333333"
FINISHED_JOB = "11111111-1111-4111-8111-111111111111"


def toasts(messages: list[Message]) -> list[tuple[str, str]]:
    return [
        (m.notification.message, m.notification.severity)
        for m in messages
        if isinstance(m, Notify) and m.notification.title == "Job finished"
    ]


def watch_of(app: KubefateApp) -> JobFinishWatch:
    assert app.live is not None
    return app.live.finish_watch


async def finish(
    backend: EmbeddedBackend, uuid: str, status: JobStatus, states: tuple[str, ...] = ()
) -> None:
    """What the engine does when a job ends: commit the status, then publish the event."""
    async with backend.store.transaction() as tx:
        job = await tx.jobs.get(uuid)
        assert job is not None
        changed = dataclasses.replace(job, status=status, end_time=NOW, states=states or job.states)
        await tx.jobs.save(changed)
    backend.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, uuid))


async def seed_with_a_new_running_job(backend: EmbeddedBackend) -> None:
    """The seeded jobs, the running one announced as created (as the engine does)."""
    await seed_jobs(backend)
    backend.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.CREATED, RUNNING_JOB))


@pytest.mark.parametrize(
    ("status", "severity"),
    [
        (JobStatus.SUCCESS, "information"),
        (JobStatus.FAILED, "error"),
        (JobStatus.TIMEOUT, "error"),
        (JobStatus.CANCELED, "warning"),
    ],
)
async def test_a_finished_job_is_toasted_while_another_mode_is_open(
    db_path: Path, status: JobStatus, severity: str
) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    messages: list[Message] = []
    async with app.run_test(size=(160, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_with_a_new_running_job(backend)
        await wait_until(pilot, lambda: RUNNING_JOB in watch_of(app).unfinished, "the job seen")
        await pilot.press("3")
        await settle(pilot, "charts")
        await finish(backend, RUNNING_JOB, status)
        await wait_until(pilot, lambda: bool(toasts(messages)), "the toast")
        assert toasts(messages) == [
            (
                f"job 33333333 ClusterInstall fate-10000 finished: {status.value} · o opens it",
                severity,
            )
        ]
        assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "charts"


async def test_only_a_change_from_unfinished_to_finished_is_toasted(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    messages: list[Message] = []
    async with app.run_test(size=(160, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_with_a_new_running_job(backend)
        await wait_until(pilot, lambda: RUNNING_JOB in watch_of(app).unfinished, "the job seen")
        # A finished job changing again, and a running one still running: nothing to say.
        await finish(backend, FINISHED_JOB, JobStatus.SUCCESS)
        await finish(backend, RUNNING_JOB, JobStatus.RUNNING)
        await pilot.pause(0.3)
        assert toasts(messages) == []
        await finish(backend, RUNNING_JOB, JobStatus.SUCCESS)
        await finish(backend, RUNNING_JOB, JobStatus.SUCCESS)  # the same end, told twice
        await wait_until(pilot, lambda: bool(toasts(messages)), "the toast")
        await pilot.pause(0.3)
        assert [text for text, _ in toasts(messages)] == [
            "job 33333333 ClusterInstall fate-10000 finished: Success · o opens it"
        ]


async def test_after_dropped_events_the_jobs_are_compared_again(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    try:
        await seed_jobs(backend)
        said: list[tuple[str, str]] = []
        watch = JobFinishWatch(backend, lambda job: said.append(finish_message(job)))
        await watch.seed()
        assert set(watch.unfinished) == {RUNNING_JOB}
        async with backend.store.transaction() as tx:
            job = await tx.jobs.get(RUNNING_JOB)
            assert job is not None
            await tx.jobs.save(dataclasses.replace(job, status=JobStatus.TIMEOUT, end_time=NOW))
        await watch.handle([RESYNC])  # what a subscriber gets when it fell behind
        assert said == [("job 33333333 ClusterInstall fate-10000 finished: Timeout", "error")]
        assert watch.unfinished == {}
    finally:
        await backend.close()


HELM_ERROR = (
    "helm install error, chart fate v2.0.0 is not uploaded or bundled, and the chart repository "
    "https://federatedai.github.io/KubeFATE/ cannot be reached: connection refused; upload it"
)


async def test_a_failed_job_says_why_and_o_opens_it(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    messages: list[Message] = []
    async with app.run_test(size=(160, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_with_a_new_running_job(backend)
        await wait_until(pilot, lambda: RUNNING_JOB in watch_of(app).unfinished, "the job seen")
        states = ("update job status to Running", "create Cluster in DB Success", HELM_ERROR)
        await finish(backend, RUNNING_JOB, JobStatus.FAILED, states)
        await wait_until(pilot, lambda: bool(toasts(messages)), "the toast")
        [(text, severity)] = toasts(messages)
        assert severity == "error"
        assert text.startswith(
            "job 33333333 ClusterInstall fate-10000 finished: Failed · helm install error, "
            "chart fate v2.0.0 is not uploaded or bundled"
        )
        assert text.endswith("… · o opens it")  # the reason shortened, then the key
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the job")
        assert isinstance(app.screen, JobDetailScreen) and app.screen.job_uuid == RUNNING_JOB


async def test_o_does_nothing_before_a_job_finished(db_path: Path) -> None:
    app = KubefateApp(EmbeddedBackend(offline_options(db_path)), clock=fixed_clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "clusters"
