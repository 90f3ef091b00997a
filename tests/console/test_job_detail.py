"""The job detail screen: summary, states trail, sub-jobs, timeline and "Why is it slow?".

Driven with Pilot against a real embedded backend: seeded through the store (changes announced
on the backend's own event bus), and once through the real engine installing into the
Kubernetes emulator, where the test plays the controllers.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.kube import KubeSettings
from backend.models import (
    ClusterArgs,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    SubJob,
    SubJobStatus,
)
from kubefate_tui.actions.selection import SelectedJob
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.jobs_screen import JobsScreen
from kubefate_tui.widgets.job.job_timeline import (
    BAR,
    BarCells,
    JobTimeline,
    TimelineScale,
    bar_cells,
    nice_span,
    timeline_bars,
    timeline_scale,
)
from tests.engine.conftest import NAME, NAMESPACE
from tests.engine.mini_fate_chart import cluster_yaml, mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .conftest import NOW, QUICK, fixed_clock, seed_jobs, settle, wait_until

FINISHED = "11111111-1111-4111-8111-111111111111"
FAILED = "22222222-2222-4222-8222-222222222222"
RUNNING = "33333333-3333-4333-8333-333333333333"
START = NOW - timedelta(hours=1)


class SteppedClock:
    """The wall clock until the test sets `frozen`; then exactly that moment."""

    def __init__(self) -> None:
        self.frozen: datetime | None = None

    def __call__(self) -> datetime:
        return self.frozen or datetime.now().astimezone()


def sub_job(name: str, start: datetime, ready_after: timedelta | None) -> SubJob:
    ready = ready_after is not None
    return SubJob(
        module_name=name,
        status=SubJobStatus.SUCCESS if ready else SubJobStatus.RUNNING,
        modules_status=ModulesStatus.AVAILABLE if ready else ModulesStatus.PROGRESSING,
        start_time=start,
        end_time=start + ready_after if ready_after is not None else None,
    )


async def save(backend: EmbeddedBackend, job: Job, *, announce: bool = True) -> Job:
    """Store `job` as the engine would, then announce it on the backend's event bus."""
    async with backend.store.transaction() as tx:
        saved = await tx.jobs.save(job)
    if announce:
        backend.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, job.uuid))
    return saved


async def seed_detailed_jobs(backend: EmbeddedBackend) -> dict[str, Job]:
    """seed_jobs' three jobs; the finished one and the running one with states and sub-jobs."""
    jobs = {job.uuid: job for job in await seed_jobs(backend)}
    finished = jobs[FINISHED]
    jobs[FINISHED] = await save(
        backend,
        dataclasses.replace(
            finished,
            states=(
                "update job status to Running",
                "create Cluster in DB Success",
                "helm install Success",
                "checkout Cluster status [268]",
                "job run Success",
            ),
            sub_jobs={
                "python": sub_job("python", START, timedelta(minutes=4, seconds=30)),
                "mysql": sub_job("mysql", START, timedelta(seconds=54)),
                "fateboard": sub_job("fateboard", START, timedelta(minutes=2, seconds=15)),
            },
        ),
        announce=False,
    )
    running = jobs[RUNNING]
    assert running.start_time is not None
    jobs[RUNNING] = await save(
        backend,
        dataclasses.replace(
            running,
            states=("update job status to Running", "helm install Success"),
            sub_jobs={
                name: sub_job(name, running.start_time, None)
                for name in ("fateboard", "mysql", "python")
            },
        ),
        announce=False,
    )
    return jobs


def detail(app: KubefateApp) -> JobDetailScreen:
    screen = app.screen
    assert isinstance(screen, JobDetailScreen), type(screen).__name__
    return screen


def bar_length(timeline: JobTimeline, module: str) -> int:
    """How many bar cells the module's line of the picture shows."""
    (line,) = [line for line in timeline.plain_lines() if line.startswith(module + " ")]
    return line.count(BAR)


def sub_job_texts(screen: JobDetailScreen) -> dict[str, tuple[str, ...]]:
    return {cells[0]: cells for cells in screen.sub_jobs_table.shown_rows()}


async def open_job(pilot: Pilot[None], uuid: str) -> JobDetailScreen:
    """From the jobs list, enter on the row of `uuid`; the loaded detail screen."""
    app = pilot.app
    assert isinstance(app, KubefateApp)
    await pilot.press("2")
    jobs = await settle(pilot, "jobs")
    await wait_until(pilot, lambda: uuid in jobs.table, f"the row of job {uuid}")
    position = jobs.table.index_of(uuid)
    assert position is not None
    jobs.table.move_cursor(position)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the job detail")
    screen = detail(app)
    await wait_until(pilot, lambda: screen.job is not None, "the job to load")
    await pilot.pause()
    return screen


def embedded(db_path: Path) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path))


# --- the timeline's geometry -------------------------------------------------------------------
def test_bar_cells_place_a_bar_by_its_times_on_the_scale() -> None:
    scale = TimelineScale(START, timedelta(minutes=1), running=True)
    seconds = timedelta(seconds=1)
    assert bar_cells(scale, START, START + 30 * seconds, 60) == BarCells(0, 30)
    assert bar_cells(scale, START + 15 * seconds, START + 45 * seconds, 40) == BarCells(10, 20)
    assert bar_cells(scale, START, START + 60 * seconds, 80) == BarCells(0, 80)


def test_bar_cells_clamp_to_the_scale_and_never_vanish() -> None:
    scale = TimelineScale(START, timedelta(minutes=1), running=False)
    assert bar_cells(scale, START, START + timedelta(minutes=5), 50) == BarCells(0, 50)
    assert bar_cells(scale, START, START, 50) == BarCells(0, 1)  # ready at once: still seen
    assert bar_cells(scale, START + timedelta(minutes=2), START, 50) == BarCells(49, 1)
    assert bar_cells(scale, START - timedelta(seconds=5), START, 50) == BarCells(0, 1)


def test_a_running_scale_rounds_up_and_a_finished_one_is_exact() -> None:
    assert nice_span(timedelta(seconds=40)) == timedelta(minutes=1)
    assert nice_span(timedelta(minutes=2, seconds=1)) == timedelta(minutes=5)
    assert nice_span(timedelta(hours=25)) == timedelta(days=2)
    running = Job(uuid="j", method=JobMethod.INSTALL, creator="a", start_time=START)
    scale = timeline_scale(running, [], START + timedelta(seconds=100))
    assert scale == TimelineScale(START, timedelta(minutes=2), running=True)
    assert scale.label == "0 … 2m"
    done = dataclasses.replace(running, end_time=START + timedelta(seconds=75))
    assert timeline_scale(done, [], NOW) == TimelineScale(START, timedelta(seconds=75), False)
    assert timeline_scale(dataclasses.replace(running, start_time=None), [], NOW) is None


def test_bars_end_when_ready_or_when_the_job_ended_else_grow() -> None:
    job = Job(
        uuid="j",
        method=JobMethod.INSTALL,
        creator="a",
        start_time=START,
        status=JobStatus.RUNNING,
        sub_jobs={
            "python": sub_job("python", START, None),
            "mysql": sub_job("mysql", START, timedelta(seconds=20)),
        },
    )
    mysql, python = timeline_bars(job)
    assert (mysql.name, mysql.end, mysql.tone) == (
        "mysql",
        START + timedelta(seconds=20),
        "success",
    )
    assert (python.name, python.end, python.tone) == ("python", None, "warning")
    failed = dataclasses.replace(job, status=JobStatus.FAILED, end_time=START + timedelta(hours=1))
    _, python = timeline_bars(failed)
    assert (python.end, python.tone) == (START + timedelta(hours=1), "error")


# --- the screen, on a seeded backend -----------------------------------------------------------
async def test_enter_on_a_job_shows_its_summary_trail_sub_jobs_and_timeline(
    db_path: Path,
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        jobs = await seed_detailed_jobs(backend)
        screen = await open_job(pilot, FINISHED)

        summary = screen.summary
        assert summary.value("UUID") == FINISHED
        assert summary.value("Status") == "Success"
        assert summary.value("Cluster") == "fate-9999 in namespace fate-9999"
        assert summary.value("Cluster ID") == "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
        assert (summary.value("Start"), summary.value("End")) == (
            "2026-03-01 11:00:00",
            "2026-03-01 11:04:30",
        )
        assert summary.value("Duration") == "4m30s"
        assert screen.states_trail.lines() == list(jobs[FINISHED].states or ())
        assert screen.states_trail.border_title == "States (5)"
        assert list(sub_job_texts(screen)) == ["fateboard", "mysql", "python"]
        assert sub_job_texts(screen)["mysql"][1:] == (
            "Available",
            "Success",
            "2026-03-01 11:00:00",
            "2026-03-01 11:00:54",
            "54s",
        )

        timeline = screen.timeline
        assert timeline.scale is not None and timeline.scale.label == "0 … 4m30s"
        width = timeline.bar_area_width
        assert bar_length(timeline, "python") == width  # the last module ends with the job
        assert bar_length(timeline, "mysql") == round(width * 54 / 270)
        assert bar_length(timeline, "fateboard") == round(width * 135 / 270)
        assert not screen.slow_reasons.display  # finished: nothing to explain
        assert screen.selected_job() == SelectedJob(FINISHED, finished=True)

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, JobsScreen), "the jobs list")
        jobs_screen = app.screen
        assert isinstance(jobs_screen, JobsScreen)
        assert jobs_screen.selected_job() == SelectedJob(FINISHED, finished=True)


async def test_a_job_without_sub_jobs_says_so(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        await seed_detailed_jobs(backend)
        screen = await open_job(pilot, FAILED)
        assert screen.summary.value("Status") == "Failed"
        assert screen.sub_jobs_table.row_count == 0
        assert "this job has no sub-jobs" in str(screen.query_one("#sub-jobs-message").render())
        assert screen.timeline.plain_lines() == [
            "no sub-jobs: this job had no module workloads to follow"
        ]
        assert screen.states_trail.lines() == []


async def test_sub_job_changes_show_in_place_without_a_key_press(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        jobs = await seed_detailed_jobs(backend)
        screen = await open_job(pilot, RUNNING)
        assert screen.selected_job() == SelectedJob(RUNNING, finished=False)
        table = screen.sub_jobs_table
        table.move_cursor(2)
        assert table.cursor_key == "python"
        assert sub_job_texts(screen)["mysql"][1:3] == ("Progressing", "Running")
        before = bar_length(screen.timeline, "mysql")

        running = jobs[RUNNING]
        assert running.start_time is not None and running.sub_jobs is not None
        ready = sub_job("mysql", running.start_time, timedelta(minutes=1))
        await save(
            backend,
            dataclasses.replace(
                running,
                sub_jobs={**running.sub_jobs, "mysql": ready},
                states=(*(running.states or ()), "checkout Cluster status [195]"),
            ),
        )
        await wait_until(
            pilot, lambda: sub_job_texts(screen)["mysql"][1] == "Available", "mysql Available"
        )
        assert sub_job_texts(screen)["mysql"][2:] == (
            "Success",
            "2026-03-01 11:56:45",
            "2026-03-01 11:57:45",
            "60s",
        )
        assert table.cursor_key == "python"  # the cursor stayed on its module
        assert screen.states_trail.lines()[-1] == "checkout Cluster status [195]"
        # 3m15s running on a 5m scale; mysql's bar now stops at 1m.
        width = screen.timeline.bar_area_width
        assert before == round(width * 195 / 300)
        assert bar_length(screen.timeline, "mysql") == round(width * 60 / 300)
        assert bar_length(screen.timeline, "python") == before


async def test_a_deleted_job_says_so_in_place(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        await seed_detailed_jobs(backend)
        screen = await open_job(pilot, FINISHED)
        await backend.delete_job(FINISHED)
        await wait_until(pilot, lambda: screen.gone, "the deletion to show")
        assert app.screen is screen
        assert f"job {FINISHED} was deleted" in screen.message
        assert screen.summary.value("UUID") == FINISHED  # what it last showed stays readable
        assert screen.selected_job() is None  # nothing left to stop or delete


async def test_opening_a_job_that_does_not_exist_names_it(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path), clock=fixed_clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        await app.push_screen(JobDetailScreen("no-such-job"))
        screen = detail(app)
        await wait_until(pilot, lambda: bool(screen.message) and not screen.is_loading, "a load")
        await wait_until(pilot, lambda: "no such job" in screen.message, "the message")
        assert "no-such-job" in screen.message
        assert screen.has_class("-no-job")  # nothing shown but the message
        assert not screen.query_one("#job-body").region  # the body takes no room


# --- the screen, following a real install ------------------------------------------------------
@pytest.mark.slow
async def test_a_real_install_shows_live_sub_jobs_growing_bars_and_slow_reasons(
    kube_emulator: KubeEmulator, kubeconfig: Path, db_path: Path
) -> None:
    controller = kube_emulator.controller
    controller.create_namespace(NAMESPACE)
    backend = EmbeddedBackend(offline_options(db_path, kube=KubeSettings(kubeconfig=kubeconfig)))
    clock = SteppedClock()
    app = KubefateApp(backend, clock=clock, pacing=QUICK)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot, "clusters")
        await backend.upload_chart(mini_fate_chart())
        # The mini chart's modules: python, mysql and fateboard.
        args = ClusterArgs(NAME, NAMESPACE, "fate", "v2.0.0", data=cluster_yaml(NAME))
        accepted = await backend.install_cluster(args)
        screen = await open_job(pilot, accepted.uuid)

        await wait_until(pilot, lambda: screen.sub_jobs_table.row_count == 3, "three sub-jobs")
        assert list(sub_job_texts(screen)) == ["fateboard", "mysql", "python"]
        (pod,) = controller.create_pods(NAMESPACE, "python")
        controller.fail_pod(NAMESPACE, pod, "ImagePullBackOff")
        job = await backend.get_job(accepted.uuid)
        assert job.start_time is not None

        # 100 s into the job (a 2m scale): slow, so the pods are asked why.
        clock.frozen = job.start_time + timedelta(seconds=100)
        await wait_until(pilot, lambda: screen.summary.value("Duration") == "100s", "the tick")
        await wait_until(pilot, lambda: "ImagePullBackOff" in screen.slow_reasons.text, "reason")

        controller.mark_ready(NAMESPACE, "mysql")  # the test plays the StatefulSet controller
        await wait_until(
            pilot, lambda: sub_job_texts(screen)["mysql"][1:3] == ("Available", "Success"), "mysql"
        )
        mysql_before = bar_length(screen.timeline, "mysql")
        python_before = bar_length(screen.timeline, "python")

        clock.frozen = job.start_time + timedelta(seconds=115)
        await wait_until(pilot, lambda: screen.summary.value("Duration") == "115s", "the tick")
        assert bar_length(screen.timeline, "mysql") == mysql_before  # ready: it stopped
        assert bar_length(screen.timeline, "python") > python_before  # still growing
        assert sub_job_texts(screen)["python"][5] == "115s"

        for module in ("python", "fateboard"):
            controller.mark_ready(NAMESPACE, module)
        await wait_until(pilot, lambda: screen.summary.value("Status") == "Success", "success")
        await wait_until(pilot, lambda: not screen.slow_reasons.display, "slow section gone")
        assert screen.states_trail.lines()[-1] == "job run Success"
        assert screen.timeline.scale is not None and not screen.timeline.scale.running
