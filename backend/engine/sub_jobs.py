"""Sub-jobs: one per workload of the cluster, following its readiness (§3.1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from backend.models import ModulesStatus, SubJob, SubJobStatus


def merge_sub_jobs(
    existing: Mapping[str, SubJob] | None,
    states: Mapping[str, ModulesStatus],
    started: datetime | None,
    now: datetime,
) -> dict[str, SubJob]:
    """The job's sub-jobs after observing `states`.

    A sub-job's end time is the first moment its workload was seen Available and is never
    cleared; sub-jobs of workloads that disappeared are kept, as KubeFATE does.
    """
    merged = dict(existing or {})
    for name, state in states.items():
        previous = merged.get(name)
        available = state is ModulesStatus.AVAILABLE
        end_time = previous.end_time if previous and previous.end_time else None
        if available and end_time is None:
            end_time = now
        merged[name] = SubJob(
            module_name=name,
            status=SubJobStatus.SUCCESS if available else SubJobStatus.RUNNING,
            modules_status=state,
            start_time=started,
            end_time=end_time,
        )
    return merged
