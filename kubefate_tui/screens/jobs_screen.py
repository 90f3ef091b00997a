"""The Jobs mode: installs, updates and deletes of clusters, as `kubefate job list`, with each
job's cluster named rather than given by its uuid."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.errors import BackendError
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.interface import Backend
from backend.models import Job
from kubefate_tui.actions.job_actions import JOB_BINDINGS, JobActions
from kubefate_tui.actions.selection import SelectedJob
from kubefate_tui.listing.column_spec import RowContext
from kubefate_tui.listing.job_listing import JOB_LISTING
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen, RowPage
from kubefate_tui.state.mode_catalog import heading_of

JOBS_PAGE_SIZE = 1000
"""Jobs read and shown at a time: a screenful and more, read and drawn within a frame or two."""


class JobsScreen(JobActions, ResourceScreen[Job]):
    """Every job the backend keeps a record of, oldest first; enter opens one's detail."""

    MODE = "jobs"
    HEADING = heading_of(MODE)
    LISTING = JOB_LISTING
    KINDS = frozenset({EntityKind.JOB})
    DETAIL = True
    BINDINGS: ClassVar[list[BindingType]] = [*JOB_BINDINGS]

    async def row_context(self, backend: Backend, now: datetime) -> RowContext:
        """The names of the clusters, deleted ones included (their jobs are still listed)."""
        clusters = await backend.list_clusters(include_deleted=True)
        return RowContext(now, cluster_names={c.uuid: c.name for c in clusters})

    async def fetch_pages(
        self, backend: Backend, context: RowContext
    ) -> AsyncIterator[RowPage[Job]]:
        """The jobs a page at a time, oldest first: with 100,000 jobs the top of the list shows
        at once and the rest is appended below it while the user reads."""
        async for page in backend.iter_jobs(summary=True, page_size=JOBS_PAGE_SIZE):
            yield RowPage(JOB_LISTING.rows(page.jobs, context), page.total)

    def is_changed_by(self, event: ChangeEvent) -> bool:
        """A job listed that changed is read alone and its row redrawn in place (a running job
        changes every few seconds; reading 100,000 jobs again for it took seconds); anything
        else (a new or deleted job, a sorted list, a load under way) reloads the list."""
        updated = event.kind is EntityKind.JOB and event.action is ChangeAction.UPDATED
        if updated and not self.is_loading and event.uuid in self.panel.table:
            self.run_worker(
                self._refresh_job(event.uuid), group=f"job-row-{event.uuid}", exclusive=True
            )
            return False
        return super().is_changed_by(event)

    async def _refresh_job(self, uuid: str) -> None:
        try:
            job = await self.console.backend.get_job(uuid)
        except BackendError:  # deleted meanwhile, or unreachable: the list as a whole, then
            self.request_reload()
            return
        if not self.panel.replace_item(uuid, job):
            self.request_reload()

    def open_detail(self, key: str) -> None:
        """The job's detail: summary, states, sub-jobs and timeline, kept live."""
        self.app.push_screen(JobDetailScreen(key))

    def selected_job(self) -> SelectedJob | None:
        """The job under the cursor (None when the list is empty or not shown)."""
        job = self.item_at_cursor()
        return None if job is None else SelectedJob(job.uuid, job.status.is_terminal)
