"""A delete job (docs/kubefate-behaviour.md §3.4): uninstall the release, then soft-delete the
record.

Corrected: KubeFATE soft-deletes the record even when the uninstall failed, which hides a
release that is still running. We keep the record, marked Failed, so the delete can be retried;
and a release that is already gone counts as uninstalled (KubeFATE fails with "not found").
"""

from __future__ import annotations

from backend.engine import job_states
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, EngineParts
from backend.models import ClusterArgs, ClusterStatus, JobStatus


async def run_delete(run: JobRun, parts: EngineParts) -> None:
    args = run.job.meta_data or ClusterArgs()
    target = ClusterTarget(args.name, args.namespace)
    await run.change(status=JobStatus.RUNNING)
    await run.save_cluster(status=ClusterStatus.DELETING)
    try:
        if await parts.releases.current_revision(target) is not None:
            await parts.releases.uninstall(target)
    except Exception as error:
        await run.save_cluster(status=ClusterStatus.FAILED)
        await run.change(status=JobStatus.FAILED, state=error_text(error), finished=True)
        return
    await run.delete_cluster()
    await run.change(status=JobStatus.SUCCESS, state=job_states.UNINSTALLED, finished=True)
