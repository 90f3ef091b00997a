"""The columns of a list of jobs (the Jobs mode and a cluster's Jobs tab), as `kubefate job
list` shows them, with the cluster named rather than given by its uuid."""

from __future__ import annotations

from backend.models import Job
from kubefate_tui.formatting.time_text import elapsed, timestamp
from kubefate_tui.listing.column_spec import ColumnSpec, Listing, RowContext
from kubefate_tui.listing.sort_keys import moment_key
from kubefate_tui.listing.status_tone import status_tone


def cluster_name(job: Job, context: RowContext) -> str:
    """The name of the job's cluster; its uuid's first 8 characters when the name is not
    known (a cluster whose record is gone); "" for a job without a cluster."""
    if not job.cluster_id:
        return ""
    return context.cluster_names.get(job.cluster_id) or job.cluster_id[:8]


def duration_seconds(job: Job, context: RowContext) -> float:
    """How long the job ran (or has run so far); unknown durations sort first."""
    if job.start_time is None:
        return -1.0
    end = job.end_time or context.now
    return (end - job.start_time).total_seconds()


JOB_LISTING: Listing[Job] = Listing(
    columns=(
        ColumnSpec("UUID", lambda job, _: job.uuid),
        ColumnSpec("METHOD", lambda job, _: job.method.value),
        ColumnSpec("STATUS", lambda job, _: job.status.value, tone=status_tone),
        ColumnSpec("CLUSTER", cluster_name),
        ColumnSpec("CREATOR", lambda job, _: job.creator),
        ColumnSpec(
            "START",
            lambda job, context: timestamp(job.start_time, context.now),
            sort_key=lambda job, _: moment_key(job.start_time),
        ),
        ColumnSpec(
            "DURATION",
            lambda job, context: elapsed(job.start_time, job.end_time, context.now),
            sort_key=duration_seconds,
        ),
    ),
    key=lambda job: job.uuid,
)
