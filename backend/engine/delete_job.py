"""A delete job (docs/kubefate-behaviour.md §3.4): uninstall the release, then soft-delete the
record.

Corrected: KubeFATE soft-deletes the record even when the uninstall failed, which hides a
release that is still running. We keep the record, marked Failed, so the delete can be retried;
and a release that is already gone counts as uninstalled (KubeFATE fails with "not found").
A release that is not this cluster's (backend/engine/release_ownership.py) is never
uninstalled: only our record is deleted, and the job's states say so.
"""

from __future__ import annotations

import logging

from backend.engine import job_states
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, EngineParts
from backend.engine.release_ownership import foreign, is_ours
from backend.models import ClusterArgs, ClusterStatus, JobStatus

log = logging.getLogger(__name__)


async def run_delete(run: JobRun, parts: EngineParts) -> None:
    args = run.job.meta_data or ClusterArgs()
    target = ClusterTarget(args.name, args.namespace)
    await run.change(status=JobStatus.RUNNING)
    cluster = await run.save_cluster(status=ClusterStatus.DELETING)
    left: str | None = None
    try:
        release = await parts.releases.release(target)
        if release is not None and is_ours(release, cluster):
            await parts.releases.uninstall(target)
        elif release is not None:
            left = (await foreign(release, run.store)).left_alone("uninstalled")
    except Exception as error:
        log.warning("delete %s: the uninstall failed", run.subject, exc_info=True)
        await run.save_cluster(status=ClusterStatus.FAILED)
        await run.change(status=JobStatus.FAILED, state=error_text(error), finished=True)
        return
    await run.delete_cluster()
    said = job_states.UNINSTALLED if left is None else job_states.record_only(left)
    await run.change(status=JobStatus.SUCCESS, state=said, finished=True)
