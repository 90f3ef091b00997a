"""The Jobs mode: installs, updates and deletes of clusters, as `kubefate job list`."""

from __future__ import annotations

from datetime import datetime

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import Job
from kubefate_tui.formatting.time_text import elapsed, timestamp
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.resource_panel import TableRow


def job_row(job: Job, now: datetime) -> TableRow:
    """Uuid, method, status, cluster, creator, start time and duration (so far) of a job."""
    return TableRow(
        job.uuid,
        (
            job.uuid,
            job.method.value,
            job.status.value,
            job.cluster_id,
            job.creator,
            timestamp(job.start_time, now),
            elapsed(job.start_time, job.end_time, now),
        ),
    )


class JobsScreen(ResourceScreen):
    """Every job the backend keeps a record of, oldest first."""

    MODE = "jobs"
    HEADING = "Jobs"
    COLUMNS = ("UUID", "METHOD", "STATUS", "CLUSTER ID", "CREATOR", "START", "DURATION")
    KINDS = frozenset({EntityKind.JOB})

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [job_row(job, now) for job in await backend.list_jobs(summary=True)]
