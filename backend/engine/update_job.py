"""An update (upgrade) job with KubeFATE's states (docs/kubefate-behaviour.md §3.3), corrected:

* rollback goes to the real previous Helm revision (KubeFATE computes an off-by-one target);
* a stopped update is rolled back and ends Canceled (KubeFATE cannot stop updates);
* after a rollback the cluster is set from what the workloads say, not left `Rollback` for ever;
* `helm_revision` holds Helm's real revision number (KubeFATE keeps its own counter);
* a release that is not this cluster's (backend/engine/release_ownership.py) is neither
  upgraded nor rolled back: the job fails at once, naming its owner;
* fields someone changed with `kubectl edit` or the Helm CLI since our last apply are taken
  back, as `helm upgrade --force-conflicts` does (an update means "make it as cluster.yaml
  says", which is what KubeFATE's Helm 3 did), and a state line names the manager and fields.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.engine import job_states
from backend.engine.cluster_document import read_cluster_document
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, DeployedRelease, EngineParts, FieldConflict
from backend.engine.readiness_wait import WaitOutcome, wait_until_ready
from backend.engine.release_ownership import foreign, is_ours
from backend.models import ClusterArgs, ClusterStatus, JobStatus
from backend.models.readiness import cluster_ready

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Previous:
    """What the cluster was before the update, to restore on rollback."""

    values: str
    spec: dict[str, Any] | None
    chart_name: str
    chart_version: str
    revision: int | None


async def run_update(
    run: JobRun, parts: EngineParts, stop_requested: asyncio.Event, deadline: datetime
) -> None:
    args = run.job.meta_data or ClusterArgs()
    target = ClusterTarget(args.name, args.namespace)
    cluster = run.cluster
    assert cluster is not None
    await run.change(status=JobStatus.RUNNING)
    release = await _release(parts, target)
    if release is not None and not is_ours(release, cluster):
        refusal = (await foreign(release, run.store)).left_alone("upgraded")
        await run.change(
            status=JobStatus.FAILED, state=job_states.upgrade_failed(refusal), finished=True
        )
        return
    previous = _Previous(
        cluster.values,
        cluster.spec,
        cluster.chart_name,
        cluster.chart_version,
        None if release is None else release.revision,
    )
    await run.save_cluster(status=ClusterStatus.UPDATING)
    if not await _upgrade(run, parts, target, args):
        await _roll_back(run, parts, target, previous, canceled=False)
        return
    outcome = await wait_until_ready(
        run, parts.workloads, target, deadline, stop_requested, show_counter=False
    )
    if outcome is WaitOutcome.READY:
        cluster = run.cluster
        assert cluster is not None
        await run.save_cluster(status=ClusterStatus.RUNNING, revision=cluster.revision + 1)
        await run.change(status=JobStatus.SUCCESS, finished=True)
        return
    if outcome is WaitOutcome.TIMEOUT:
        await run.change(state=job_states.UPDATE_TIMEOUT)
        reasons = await _reasons(parts, target)
        if reasons:
            await run.change(state=job_states.stuck_because(reasons))
    if outcome is WaitOutcome.STOPPED:
        await run.change(state=job_states.STOPPED)
    await _roll_back(run, parts, target, previous, canceled=outcome is WaitOutcome.STOPPED)


async def _upgrade(
    run: JobRun, parts: EngineParts, target: ClusterTarget, args: ClusterArgs
) -> bool:
    try:
        spec = await read_cluster_document(args.data)
        await run.save_cluster(
            values=args.data.decode("utf-8"),
            spec=spec,
            chart_name=args.chart_name,
            chart_version=args.chart_version,
        )
        chart = await parts.charts.resolve(args.chart_name, args.chart_version)
        values = await parts.values.render(chart, spec)
        owner = run.cluster.uuid if run.cluster is not None else ""
        try:
            revision = await parts.releases.upgrade(target, chart, values, owner)
        except FieldConflict as conflict:
            await run.change(state=job_states.taken_over(error_text(conflict)))
            revision = await parts.releases.upgrade(target, chart, values, owner, take_over=True)
    except Exception as error:
        log.warning("update %s: the upgrade failed", run.subject, exc_info=True)
        await run.change(
            status=JobStatus.FAILED, state=job_states.upgrade_failed(error_text(error))
        )
        return False
    await run.save_cluster(helm_revision=revision)
    await run.change(state=job_states.UPDATED)
    return True


async def _roll_back(
    run: JobRun, parts: EngineParts, target: ClusterTarget, previous: _Previous, *, canceled: bool
) -> None:
    await run.save_cluster(
        status=ClusterStatus.ROLLBACK,
        values=previous.values,
        spec=previous.spec,
        chart_name=previous.chart_name,
        chart_version=previous.chart_version,
    )
    try:
        if previous.revision is None:
            raise RuntimeError(f"release {target.name} had no deployed revision to return to")
        current = await parts.releases.release(target)
        if current is None:
            raise RuntimeError(f"release {target.name} is gone: there is nothing to roll back")
        if run.cluster is None or not is_ours(current, run.cluster):
            raise RuntimeError((await foreign(current, run.store)).left_alone("rolled back"))
        revision = previous.revision
        if current.revision != previous.revision:  # the upgrade made one: go back to the old
            revision = await parts.releases.rollback(target, previous.revision)
    except Exception as error:
        log.warning("update %s: the rollback failed", run.subject, exc_info=True)
        await run.save_cluster(status=ClusterStatus.UNAVAILABLE)
        await run.change(status=JobStatus.FAILED, state=error_text(error), finished=True)
        return
    await run.save_cluster(helm_revision=revision, status=await _settled_status(parts, target))
    await run.change(
        status=JobStatus.CANCELED if canceled else JobStatus.ROLLBACK,
        state=job_states.ROLLED_BACK,
        finished=True,
    )


async def _settled_status(parts: EngineParts, target: ClusterTarget) -> ClusterStatus:
    """Running if the restored workloads are ready right now, else Unavailable."""
    try:
        states = await parts.workloads.states(target)
    except Exception:
        log.warning("%s: the workloads could not be read", target.name, exc_info=True)
        return ClusterStatus.UNKNOWN
    return ClusterStatus.RUNNING if cluster_ready(states) else ClusterStatus.UNAVAILABLE


async def _release(parts: EngineParts, target: ClusterTarget) -> DeployedRelease | None:
    try:
        return await parts.releases.release(target)
    except Exception:  # the upgrade then finds out, and says so in the job
        log.warning("%s: the release could not be read", target.name, exc_info=True)
        return None


async def _reasons(parts: EngineParts, target: ClusterTarget) -> list[str]:
    try:
        return await parts.workloads.stuck_reasons(target)
    except Exception as error:
        log.warning("%s: the reasons it is stuck could not be read", target.name, exc_info=True)
        return [f"the reason could not be read: {error_text(error)}"]
