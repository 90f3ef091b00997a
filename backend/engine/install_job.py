"""An install job, step by step, with KubeFATE's states (docs/kubefate-behaviour.md §3.2).

Where KubeFATE leaves a job Running forever (the cluster row cannot be created) we finish it as
Failed; every ending sets the end time (KubeFATE leaves it zero on failures).

Where KubeFATE's clean-up uninstalls any release of the cluster's name, ours uninstalls only
the release this install made (backend/engine/release_ownership.py): an install over someone
else's release stops before Helm is called, naming the owner, and leaves that release alone.
`cover` is how a user takes such a release over deliberately: it is uninstalled first (as
KubeFATE does), and the states say whose it was.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backend.engine import job_states
from backend.engine.cluster_document import read_cluster_document
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, EngineParts
from backend.engine.readiness_wait import WaitOutcome, wait_until_ready
from backend.engine.release_ownership import foreign, is_ours
from backend.models import Cluster, ClusterArgs, ClusterStatus, HelmChart, JobStatus
from backend.store import StoreConflict

log = logging.getLogger(__name__)


async def run_install(
    run: JobRun, parts: EngineParts, stop_requested: asyncio.Event, deadline: datetime
) -> None:
    args = run.job.meta_data or ClusterArgs()
    target = ClusterTarget(args.name, args.namespace)
    await run.change(status=JobStatus.RUNNING, state=job_states.RUNNING)
    if not await _create_cluster(run, args):
        return
    prepared = await _chart_and_values(run, parts, args)
    if prepared is None:
        return
    if not await _clear_the_name(run, parts, target, cover=args.cover):
        return
    if not await _helm_install(run, parts, target, *prepared):
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


async def _clear_the_name(
    run: JobRun, parts: EngineParts, target: ClusterTarget, *, cover: bool
) -> bool:
    """Before installing: a release of this name that exists is someone else's (our record is
    new). Without cover the install stops and leaves it alone; with cover it is uninstalled."""
    try:
        existing = await parts.releases.release(target)
    except Exception as error:
        log.warning("install %s: the release could not be read", run.subject, exc_info=True)
        await _fail_before_install(run, f"the release could not be read: {error_text(error)}")
        return False
    if existing is not None and not cover:
        refusal = (await foreign(existing, run.store)).install_refusal()
        await _fail_before_install(run, refusal)
        return False
    if cover:
        covered = None if existing is None else await foreign(existing, run.store)
        try:
            await parts.releases.uninstall(target)
        except Exception:  # nothing to overwrite is fine; anything else is worth a line
            log.warning(
                "install %s: cover could not uninstall the release", run.subject, exc_info=True
            )
        await run.change(state=job_states.COVERED)
        if covered is not None:
            await run.change(state=job_states.covered_release(covered.summary()))
    return True


async def _fail_before_install(run: JobRun, reason: str) -> None:
    """The install stops before Helm ran: nothing of ours exists in Kubernetes."""
    await run.delete_cluster()
    await run.change(
        status=JobStatus.FAILED, state=job_states.helm_install_error(reason), finished=True
    )


async def _chart_and_values(
    run: JobRun, parts: EngineParts, args: ClusterArgs
) -> tuple[HelmChart, Mapping[str, Any]] | None:
    """The chart and its rendered values, before anything in Kubernetes is touched (KubeFATE
    looks for the chart inside `helm install`, after `cover` has already uninstalled)."""
    cluster = run.cluster
    assert cluster is not None and cluster.spec is not None
    try:
        chart = await parts.charts.resolve(args.chart_name, args.chart_version)
        return chart, await parts.values.render(chart, cluster.spec)
    except Exception as error:
        log.warning("install %s: no chart or values", run.subject, exc_info=True)
        await _fail_before_install(run, error_text(error))
        return None


async def _helm_install(
    run: JobRun,
    parts: EngineParts,
    target: ClusterTarget,
    chart: HelmChart,
    values: Mapping[str, Any],
) -> bool:
    cluster = run.cluster
    assert cluster is not None
    try:
        revision = await parts.releases.install(target, chart, values, owner=cluster.uuid)
    except Exception as error:
        log.warning("install %s: helm install failed", run.subject, exc_info=True)
        left = await _clean_up(run, parts, target)
        reason = error_text(error) if left is None else f"{error_text(error)}; {left}"
        await run.change(
            status=JobStatus.FAILED, state=job_states.helm_install_error(reason), finished=True
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
        left = await _clean_up(run, parts, target)
        await run.change(state=job_states.INSTALL_TIMEOUT)
        if reasons:
            await run.change(state=job_states.stuck_because(reasons))
        if left is not None:
            await run.change(state=left)
        await run.change(status=JobStatus.FAILED, finished=True)
        return
    left = await _clean_up(run, parts, target)
    if left is not None:
        await run.change(state=left)
    if outcome is WaitOutcome.STOPPED:
        await run.change(status=JobStatus.CANCELED, state=job_states.STOPPED, finished=True)
    else:
        await run.change(status=JobStatus.FAILED, state=job_states.CLUSTER_GONE, finished=True)


async def _stuck_reasons(parts: EngineParts, target: ClusterTarget) -> list[str]:
    try:
        return await parts.workloads.stuck_reasons(target)
    except Exception as error:
        log.warning("%s: the reasons it is stuck could not be read", target.name, exc_info=True)
        return [f"the reason could not be read: {error_text(error)}"]


async def _clean_up(run: JobRun, parts: EngineParts, target: ClusterTarget) -> str | None:
    """KubeFATE's clean-up after a failed, timed-out or stopped install: uninstall the release
    and soft-delete the cluster record; but only a release this install made is uninstalled.

    Returns why a release of the name was left in place (another owner has it), else None.
    """
    left: str | None = None
    try:
        release = await parts.releases.release(target)
        cluster = run.cluster
        if release is not None and cluster is not None and is_ours(release, cluster):
            await parts.releases.uninstall(target)
        elif release is not None:
            left = (await foreign(release, run.store)).left_alone("uninstalled")
    except Exception:  # nothing to uninstall, or Kubernetes unreachable
        log.warning("install %s: the clean-up could not uninstall", run.subject, exc_info=True)
    if run.cluster is not None:
        await run.delete_cluster()
    return left
