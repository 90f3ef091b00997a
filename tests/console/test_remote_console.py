"""The console in remote mode: the remote client talking to `kubefate-tui serve` (the served
REST API over a real embedded backend, on loopback), including the service going away and
coming back."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from backend.embedded import EmbeddedBackend
from backend.errors import NotFound
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.models import Job, JobMethod, JobStatus, ModulesStatus, SubJob, SubJobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.typed_name_dialog import TypedNameDialog
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from tests.helm.chart_builder import chart_archive
from tests.offline_backend import offline_options

from .conftest import NOW, QUICK, fixed_clock, panel, seed_jobs, settle, status_line, wait_until
from .served_api import Served

RUNNING_JOB = "33333333-3333-4333-8333-333333333333"
FINISHED_JOB = "11111111-1111-4111-8111-111111111111"
CLUSTER_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"


def notifications(messages: list[Message], title: str) -> list[tuple[str, str]]:
    return [
        (m.notification.message, m.notification.severity)
        for m in messages
        if isinstance(m, Notify) and m.notification.title == title
    ]


def mode_of(app: KubefateApp) -> str:
    screen = app.screen
    return screen.MODE if isinstance(screen, ResourceScreen) else type(screen).__name__


async def test_the_console_drives_the_served_api(served: Served) -> None:
    await seed_jobs(served.embedded)
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        clusters = await settle(pilot, "clusters")
        assert sorted(row[0] for row in clusters.row_texts()) == ["fate-10000", "fate-9999"]
        await wait_until(pilot, lambda: status_line(app).endswith("  connected"), "connected")
        assert f"kubefate-tui · remote · url {served.service.url} · user admin" in status_line(app)
        assert "-connected" in app.screen.query_one(BackendStatus).classes

        await pilot.press("colon", *"jobs", "enter")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == 3
        await pilot.press("slash", *"failed")
        await wait_until(pilot, lambda: jobs.table.row_count == 1, "the filtered rows")
        assert jobs.row_texts()[0][2] == "Failed"
        await pilot.press("escape")
        assert jobs.table.row_count == 3

        await pilot.press("colon", *"job 3333", "enter")  # opens the job over its row
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        assert jobs.table.cursor_key == RUNNING_JOB
        await wait_until(
            pilot,
            lambda: app.screen.query_one(BackendStatus).text.endswith("connected"),
            "the detail's header",
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: mode_of(app) == "jobs", "back to the jobs")


async def test_the_service_going_away_and_coming_back(served: Served) -> None:
    await seed_jobs(served.embedded)
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        rows = jobs.row_texts()
        assert len(rows) == 3
        await wait_until(pilot, lambda: status_line(app).endswith("  connected"), "connected")

        await served.service.stop()
        await wait_until(pilot, lambda: "unreachable: " in status_line(app), "unreachable")
        header = app.screen.query_one(BackendStatus)
        assert f"127.0.0.1:{served.service.port}" in status_line(app)  # the reason, from httpx
        assert "-unreachable" in header.classes
        await wait_until(pilot, lambda: "· retrying in " in status_line(app), "the retry time")
        assert panel(app).row_texts() == rows and not panel(app).message  # the last rows stay

        # Someone else starts a job while this console cannot see the service.
        new_job = Job(
            uuid="44444444-4444-4444-8444-444444444444",
            method=JobMethod.DELETE,
            creator="bob",
            start_time=NOW,
            cluster_id="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
            status=JobStatus.RUNNING,
        )
        async with served.embedded.store.transaction() as tx:
            await tx.jobs.insert(new_job)

        await served.service.start()
        await wait_until(pilot, lambda: status_line(app).endswith("  reconnected"), "reconnected")
        await wait_until(pilot, lambda: jobs.table.row_count == 4, "the job made meanwhile")
        assert new_job.uuid in [row[0] for row in jobs.row_texts()]
        await wait_until(pilot, lambda: status_line(app).endswith("  connected"), "connected")
        assert "-unreachable" not in header.classes


async def test_a_console_started_while_the_service_is_away_recovers_on_its_own(
    served: Served,
) -> None:
    await seed_jobs(served.embedded)
    await served.service.stop()
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        clusters = await settle(pilot, "clusters")
        assert "cannot reach the KubeFATE service" in clusters.message
        await wait_until(pilot, lambda: "unreachable: " in status_line(app), "unreachable")
        await served.service.start()
        await wait_until(pilot, lambda: clusters.table.row_count == 2, "the clusters")
        assert not clusters.message
        assert status_line(app).endswith(("  reconnected", "  connected"))


async def test_a_job_finishing_on_the_service_is_toasted(served: Served) -> None:
    await seed_jobs(served.embedded)  # the job runs before this console starts
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    messages: list[Message] = []
    async with app.run_test(size=(160, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        assert app.live is not None
        watch = app.live.finish_watch
        await wait_until(pilot, lambda: RUNNING_JOB in watch.unfinished, "the running job seen")
        await pilot.press("4")
        await settle(pilot, "namespaces")
        async with served.embedded.store.transaction() as tx:
            job = await tx.jobs.get(RUNNING_JOB)
            assert job is not None
            await tx.jobs.save(dataclasses.replace(job, status=JobStatus.SUCCESS, end_time=NOW))
        # As the service's engine does once it has written a job (what the change feed sends).
        served.embedded.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, job.uuid))
        await wait_until(pilot, lambda: bool(notifications(messages, "Job finished")), "a toast")
        assert notifications(messages, "Job finished") == [
            ("job 33333333 ClusterInstall fate-10000 finished: Success · o opens it", "information")
        ]
        assert mode_of(app) == "namespaces"


async def test_the_charts_panel_follows_uploads_by_someone_else(served: Served) -> None:
    await follows_uploads_by_someone_else(served, feed=True)


async def test_without_the_feed_the_charts_panel_is_polled(served_without_feed: Served) -> None:
    await follows_uploads_by_someone_else(served_without_feed, feed=False)


async def follows_uploads_by_someone_else(served: Served, *, feed: bool) -> None:
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("3")
        charts = await settle(pilot, "charts")
        assert charts.row_texts() == []
        someone_else = served.remote()
        try:
            await someone_else.upload_chart(chart_archive("demo", "v1.0.0"))
        finally:
            await someone_else.close()
        await wait_until(pilot, lambda: charts.table.row_count == 1, "the uploaded chart")
        assert charts.row_texts()[0][1:3] == ("demo", "v1.0.0")
        assert app.live is not None and app.live.panel_poll is not None
        # With the feed the upload's event brings it; KubeFATE's way, the visible list is read
        # again and again.
        assert (app.live.panel_poll.reloads >= 1) is not feed


async def test_the_embedded_console_polls_only_the_lists_without_events(db_path: Path) -> None:
    app = KubefateApp(EmbeddedBackend(offline_options(db_path)), clock=fixed_clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await wait_until(pilot, lambda: app.live is not None, "the live updates")
        assert "  ready · no cluster: kubeconfig" in status_line(app)
        assert app.live is not None
        poll = app.live.panel_poll
        for mode in ("1", "2", "3", "5"):  # clusters, jobs, charts, users: events cover them
            await pilot.press(mode)
            await pilot.pause()
            await poll.reload_visible()
        assert poll.reloads == 0
        await pilot.press("4")  # namespaces: made in Kubernetes by anyone, no events
        await settle(pilot, "namespaces")
        before = poll.reloads  # its own 2 s timer may have run already on a slow machine
        await poll.reload_visible()
        assert poll.reloads == before + 1


async def test_stop_and_deletes_with_confirmation_reach_the_service(served: Served) -> None:
    await seed_jobs(served.embedded)
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", *"job 3333", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        await wait_until(pilot, lambda: app.screen.job is not None, "the job")  # type: ignore[attr-defined]
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("tab", "enter")  # past the default (No) to Stop
        await wait_until_async(
            pilot,
            lambda: job_status(served, RUNNING_JOB),
            JobStatus.STOPPING,
            "the service to stop the job",
        )

        await pilot.press("escape")
        jobs = await settle(pilot, "jobs")
        jobs.table.move_cursor(jobs.table.index_of(FINISHED_JOB) or 0)
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: FINISHED_JOB not in jobs.table, "the row to go")
        with pytest.raises(NotFound):
            await served.embedded.get_job(FINISHED_JOB)

        await pilot.press("1")
        clusters = await settle(pilot, "clusters")
        clusters.table.move_cursor(clusters.table.index_of(CLUSTER_A) or 0)
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: isinstance(app.screen, TypedNameDialog), "the question")
        await pilot.press("enter")  # nothing typed: cancels
        await wait_until(pilot, lambda: mode_of(app) == "clusters", "the dialog closing")
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: isinstance(app.screen, TypedNameDialog), "the question")
        await pilot.press(*"fate-9999", "enter")
        await wait_until_async(
            pilot,
            lambda: delete_jobs_of(served, CLUSTER_A),
            1,
            "the service to accept the delete",
        )


async def test_a_sub_job_update_on_the_service_appears_without_a_key_press(
    served: Served,
) -> None:
    await seed_jobs(served.embedded)
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", *"job 3333", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        screen = app.screen
        assert isinstance(screen, JobDetailScreen)
        await wait_until(pilot, lambda: screen.job is not None, "the job")
        assert screen.sub_jobs_table.row_count == 0
        async with served.embedded.store.transaction() as tx:  # as the engine records progress
            job = await tx.jobs.get(RUNNING_JOB)
            assert job is not None
            python = SubJob(
                "python",
                status=SubJobStatus.SUCCESS,
                modules_status=ModulesStatus.AVAILABLE,
                start_time=job.start_time,
                end_time=NOW,
            )
            await tx.jobs.save(dataclasses.replace(job, sub_jobs={"python": python}))
        served.embedded.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, job.uuid))
        await wait_until(pilot, lambda: screen.sub_jobs_table.row_count == 1, "the sub-job")
        [row] = screen.sub_jobs_table.shown_rows()
        assert row[:3] == ("python", "Available", "Success")


async def wait_until_async(
    pilot: object, read: Callable[[], Awaitable[object]], wanted: object, what: str
) -> None:
    """Like wait_until, for a value read from the served backend."""
    deadline = asyncio.get_running_loop().time() + 10
    while (value := await read()) != wanted:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what} (last: {value!r})")
        await asyncio.sleep(0.05)


async def job_status(served: Served, uuid: str) -> JobStatus:
    return (await served.embedded.get_job(uuid)).status


async def delete_jobs_of(served: Served, cluster_uuid: str) -> int:
    jobs = await served.embedded.list_jobs()
    return sum(
        1 for job in jobs if job.method is JobMethod.DELETE and job.cluster_id == cluster_uuid
    )


async def test_a_503_of_the_service_itself_keeps_it_connected_and_is_said_in_the_panel(
    served: Served, db_path: Path
) -> None:
    # The service has no kubeconfig: it answers the namespaces list with its own 503. That is
    # the service speaking, not a proxy in front of an unreachable one.
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("4")
        namespaces = await settle(pilot, "namespaces")
        assert f"kubeconfig {db_path.parent / 'no-kubeconfig'} not found" in namespaces.message
        await pilot.pause(4 * QUICK.panel_poll)  # polls of the visible panel
        assert status_line(app).endswith("  connected")
        assert "proxy" not in status_line(app) and "unreachable" not in status_line(app)
