"""An install job, step by step, with KubeFATE's states (docs/kubefate-behaviour.md §3.2).

Where KubeFATE leaves a job Running forever (the cluster row cannot be created) we finish it as
Failed; every ending sets the end time (KubeFATE leaves it zero on failures).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import datetime

from backend.engine import job_states
from backend.engine.cluster_document import read_cluster_document
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, EngineParts
from backend.engine.readiness_wait import WaitOutcome, wait_until_ready
from backend.models import Cluster, ClusterArgs, ClusterStatus, JobStatus
from backend.store import StoreConflict


async def run_install(
    run: JobRun, parts: EngineParts, stop_requested: asyncio.Event, deadline: datetime
) -> None:
    args = run.job.meta_data or ClusterArgs()
    target = ClusterTarget(args.name, args.namespace)
    await run.change(status=JobStatus.RUNNING, state=job_states.RUNNING)
    if not await _create_cluster(run, args):
        return
    if args.cover:
        with contextlib.suppress(Exception):  # nothing to overwrite is fine
            await parts.releases.uninstall(target)
        await run.change(state=job_states.COVERED)
    if not await _helm_install(run, parts, target, args):
        return
    await run.change(state=job_states.HELM_INSTALLED, checkout=job_states.checkout(0))
    outcome = await wait_until_ready(
        run, parts.workloads, target, deadline, stop_requested, show_counter=True
    )
    await _finish(run, parts, target, outcome)


async def _create_cluster(run: JobRun, args: ClusterArgs) -> bool:
    try:
        spec = await read_cluster_document(args.data)
        await run.create_cluster(
            Cluster(
                uuid=str(uuid.uuid4()),
                name=args.name,
                namespace=args.namespace,
                chart_name=args.chart_name,
                chart_version=args.chart_version,
                values=args.data.decode("utf-8"),
                spec=spec,
                status=ClusterStatus.CREATING,
            )
        )
    except (StoreConflict, ValueError) as error:
        await run.change(
            status=JobStatus.FAILED,
            state=job_states.create_cluster_error(error_text(error)),
            finished=True,
        )
        return False
    await run.change(state=job_states.CLUSTER_CREATED)
    return True


async def _helm_install(
    run: JobRun, parts: EngineParts, target: ClusterTarget, args: ClusterArgs
) -> bool:
    cluster = run.cluster
    assert cluster is not None and cluster.spec is not None
    try:
        chart = await parts.charts.resolve(args.chart_name, args.chart_version)
        values = await parts.values.render(chart, cluster.spec)
        revision = await parts.releases.install(target, chart, values)
    except Exception as error:
        await _clean_up(run, parts, target)
        await run.change(
            status=JobStatus.FAILED,
            state=job_states.helm_install_error(error_text(error)),
            finished=True,
        )
        return False
    await run.save_cluster(helm_revision=revision)
    return True


async def _finish(
    run: JobRun, parts: EngineParts, target: ClusterTarget, outcome: WaitOutcome
) -> None:
    if outcome is WaitOutcome.READY:
        cluster = run.cluster
        assert cluster is not None
        await run.save_cluster(status=ClusterStatus.RUNNING, revision=cluster.revision + 1)
        await run.change(status=JobStatus.SUCCESS, state=job_states.INSTALL_SUCCESS, finished=True)
        return
    if outcome is WaitOutcome.TIMEOUT:
        reasons = await _stuck_reasons(parts, target)
        await _clean_up(run, parts, target)
        await run.change(state=job_states.INSTALL_TIMEOUT)
        if reasons:
            await run.change(state=job_states.stuck_because(reasons))
        await run.change(status=JobStatus.FAILED, finished=True)
        return
    await _clean_up(run, parts, target)
    if outcome is WaitOutcome.STOPPED:
        await run.change(status=JobStatus.CANCELED, state=job_states.STOPPED, finished=True)
    else:
        await run.change(status=JobStatus.FAILED, state=job_states.CLUSTER_GONE, finished=True)


async def _stuck_reasons(parts: EngineParts, target: ClusterTarget) -> list[str]:
    try:
        return await parts.workloads.stuck_reasons(target)
    except Exception as error:
        return [f"the reason could not be read: {error_text(error)}"]


async def _clean_up(run: JobRun, parts: EngineParts, target: ClusterTarget) -> None:
    """KubeFATE's cleanup after a failed, timed-out or stopped install: uninstall the release
    (errors ignored: there may be none) and soft-delete the cluster record."""
    with contextlib.suppress(Exception):
        await parts.releases.uninstall(target)
    if run.cluster is not None:
        await run.delete_cluster()
