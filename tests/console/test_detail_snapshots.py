"""Snapshots of the detail screens (a cluster's spec, a running job) in a dark and a light theme.

Same set-up as the other snapshot tests (fixed clock, relative database path, fixed size);
accept changes with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend
from backend.models import ModulesStatus, SubJob, SubJobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen
from kubefate_tui.screens.job_detail_screen import JobDetailScreen

from .conftest import seed_jobs, settle, wait_until
from .test_cluster_detail import CLUSTER_A, VALUES, give_values
from .test_theme_snapshots import themed_console

SnapCompare = Callable[..., bool]
THEMES = ["kubefate-dark", "kubefate-light"]
RUNNING_JOB = "33333333-3333-4333-8333-333333333333"


async def with_sub_jobs(backend: EmbeddedBackend) -> None:
    """The seeded running install, three modules in: two Available, one still waiting."""
    async with backend.store.transaction() as tx:
        job = await tx.jobs.get(RUNNING_JOB)
        assert job is not None and job.start_time is not None
        start = job.start_time

        def sub(name: str, ready_after: int | None) -> SubJob:
            return SubJob(
                module_name=name,
                status=SubJobStatus.RUNNING if ready_after is None else SubJobStatus.SUCCESS,
                modules_status=(
                    ModulesStatus.PROGRESSING if ready_after is None else ModulesStatus.AVAILABLE
                ),
                start_time=start + timedelta(seconds=5),
                end_time=None if ready_after is None else start + timedelta(seconds=ready_after),
            )

        states = ("update job status to Running", "helm install Success")
        subs = {"mysql": sub("mysql", 40), "osx": sub("osx", 75), "python": sub("python", None)}
        await tx.jobs.save(replace(job, sub_jobs=subs, states=states))


async def open_job(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KubefateApp) and isinstance(app.backend, EmbeddedBackend)
    await settle(pilot, "clusters")
    await seed_jobs(app.backend)
    await with_sub_jobs(app.backend)
    await app.open_job(RUNNING_JOB)
    await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the job detail")
    screen = app.screen
    assert isinstance(screen, JobDetailScreen)
    await wait_until(pilot, lambda: screen.job is not None and not screen.is_loading, "the job")
    await pilot.pause(0.3)


async def open_cluster_spec(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KubefateApp) and isinstance(app.backend, EmbeddedBackend)
    await settle(pilot, "clusters")
    await seed_jobs(app.backend)
    await give_values(app.backend, CLUSTER_A, VALUES)
    await app.open_cluster(CLUSTER_A, "spec")
    await wait_until(pilot, lambda: isinstance(app.screen, ClusterDetailScreen), "the detail")
    screen = app.screen
    assert isinstance(screen, ClusterDetailScreen)
    await wait_until(pilot, lambda: not screen.is_loading, "the cluster")
    await pilot.pause(0.3)


@pytest.mark.parametrize("theme", THEMES)
def test_job_detail_in_theme(
    snap_compare: SnapCompare, theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert snap_compare(themed_console(theme), run_before=open_job, terminal_size=(130, 34))


@pytest.mark.parametrize("theme", THEMES)
def test_cluster_spec_in_theme(
    snap_compare: SnapCompare, theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert snap_compare(
        themed_console(theme), run_before=open_cluster_spec, terminal_size=(120, 24)
    )
