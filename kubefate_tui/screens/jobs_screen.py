"""The Jobs mode: installs, updates and deletes of clusters, as `kubefate job list`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import Job, JobStatus
from kubefate_tui.actions.job_actions import JOB_BINDINGS, JobActions
from kubefate_tui.actions.selection import SelectedJob, row_at_cursor
from kubefate_tui.formatting.time_text import elapsed, timestamp
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen, RowPage
from kubefate_tui.state.mode_catalog import heading_of

JOBS_PAGE_SIZE = 1000
"""Jobs read and shown at a time: a screenful and more, read and drawn within a frame or two."""


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


class JobsScreen(JobActions, ResourceScreen):
    """Every job the backend keeps a record of, oldest first; enter opens one's detail."""

    MODE = "jobs"
    HEADING = heading_of(MODE)
    COLUMNS = ("UUID", "METHOD", "STATUS", "CLUSTER ID", "CREATOR", "START", "DURATION")
    KINDS = frozenset({EntityKind.JOB})
    DETAIL = True
    BINDINGS: ClassVar[list[BindingType]] = [*JOB_BINDINGS]

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [job_row(job, now) for job in await backend.list_jobs(summary=True)]

    async def fetch_pages(self, backend: Backend, now: datetime) -> AsyncIterator[RowPage]:
        """The jobs a page at a time, oldest first: with 100,000 jobs the top of the list shows
        at once and the rest is appended below it while the user reads."""
        async for page in backend.iter_jobs(summary=True, page_size=JOBS_PAGE_SIZE):
            yield RowPage([job_row(job, now) for job in page.jobs], page.total)

    def open_detail(self, key: str) -> None:
        """The job's detail: summary, states, sub-jobs and timeline, kept live."""
        self.app.push_screen(JobDetailScreen(key))

    def selected_job(self) -> SelectedJob | None:
        """The job under the cursor (None when the list is empty or not shown)."""
        row = row_at_cursor(self.panel)
        if row is None:
            return None
        key, cells = row
        status = cells[self.COLUMNS.index("STATUS")]
        return SelectedJob(key, JobStatus.parse(status, JobStatus.FAILED).is_terminal)
