"""One job in full: its summary, states trail, sub-jobs, timeline, and why it is slow.

The screen follows the backend's change events for its job (coalesced like the list screens:
a burst of events costs at most two loads) and, while the job runs, ticks once a second from
the console's clock (`pacing.job_tick`) so durations and the timeline's growing bars move
without any event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from backend.errors import BackendError, NotFound
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.models import Job, SubJob
from kubefate_tui.actions.job_actions import JOB_BINDINGS, JobActions
from kubefate_tui.actions.selection import SelectedJob
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.formatting.time_text import elapsed, timestamp
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.detail_screen import DetailScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from kubefate_tui.widgets.cluster.module_states import state_tone
from kubefate_tui.widgets.job.job_summary import JobSummary
from kubefate_tui.widgets.job.job_timeline import JobTimeline, sub_job_end
from kubefate_tui.widgets.job.slow_reasons import SlowReasons
from kubefate_tui.widgets.job.states_trail import StatesTrail
from kubefate_tui.widgets.tables.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    pass

SLOW_AFTER = timedelta(seconds=30)
"""How long a job (or a module) may take before the screen looks for reasons."""

MessageTone = Literal["waiting", "calm", "error"]

SUB_JOB_STATUS_TONES: Mapping[str, str] = {"Success": "success", "Running": "warning"}

SUB_JOB_COLUMNS = (
    Column("MODULE"),
    Column("MODULES STATUS", state_tone),
    Column("STATUS", SUB_JOB_STATUS_TONES.get),
    Column("START"),
    Column("END"),
    Column("DURATION"),
)


def sub_job_row(name: str, sub_job: SubJob, job: Job, now: datetime) -> Row:
    """Module, its workload's state, the sub-job's status, start, end and duration (so far)."""
    start = sub_job.start_time or job.start_time
    return (
        name,
        (
            name,
            sub_job.modules_status.value,
            sub_job.status.value,
            timestamp(start, now),
            timestamp(sub_job.end_time, now),
            elapsed(start, sub_job_end(sub_job, job), now),
        ),
    )


def sub_job_rows(job: Job, now: datetime) -> list[Row]:
    """The rows of the sub-jobs table, by module name."""
    return [sub_job_row(name, sub, job, now) for name, sub in sorted((job.sub_jobs or {}).items())]


def is_slow(job: Job, now: datetime) -> bool:
    """True when an unfinished job has run SLOW_AFTER or longer, or a module has waited that
    long without becoming Available."""
    if job.status.is_terminal or job.end_time is not None:
        return False
    if job.start_time is not None and now - job.start_time >= SLOW_AFTER:
        return True
    for sub in (job.sub_jobs or {}).values():
        start = sub.start_time or job.start_time
        if sub.end_time is None and start is not None and now - start >= SLOW_AFTER:
            return True
    return False


class JobDetailScreen(JobActions, DetailScreen):
    """The detail of the job `job_uuid`; `esc` goes back, `r` reloads."""

    HEADING = "Job"
    WHAT = "job"

    DEFAULT_CSS = """
    JobDetailScreen {
        layout: vertical;
        #job-message { display: none; padding: 0 2; color: $text-warning; }
        &.-message #job-message { display: block; }
        &.-calm #job-message { color: $text-muted; }
        &.-error #job-message { color: $text-error; text-style: bold; }
        &.-no-job #job-body { display: none; }
        #job-body { height: 1fr; }
        #job-top { height: auto; }
        #job-summary { width: auto; max-width: 70%; }
        #job-states { width: 1fr; }
        #sub-jobs, #job-timeline-panel {
            height: auto;
            border: round $primary;
            border-title-style: bold;
        }
        #sub-jobs-table { height: auto; max-height: 14; }
        #sub-jobs-message { display: none; padding: 0 1; color: $text-muted; }
        #sub-jobs.-empty #sub-jobs-table { display: none; }
        #sub-jobs.-empty #sub-jobs-message { display: block; }
        #job-timeline-panel { padding: 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *JOB_BINDINGS,
    ]

    def __init__(self, job_uuid: str) -> None:
        super().__init__()
        self.job_uuid = job_uuid
        self.job: Job | None = None
        """The job as last loaded (kept on screen after it is deleted)."""
        self.message = ""
        self.loads: CoalescedLoad[str] = CoalescedLoad(
            self, lambda _parts: self._load_once(), group="job-detail-load"
        )
        self._reasons_reader: Worker[None] | None = None
        self._visible = False
        self._ticker: Timer | None = None
        self._reasons_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield BackendStatus(self.console.backend.describe(), self.console.pacing.reconnected)
        yield Static(id="job-message", markup=False)
        with VerticalScroll(id="job-body", can_focus=False):
            with Horizontal(id="job-top"):
                yield JobSummary(id="job-summary")
                yield StatesTrail(id="job-states")
            with Vertical(id="sub-jobs"):
                yield VirtualTable(SUB_JOB_COLUMNS, id="sub-jobs-table")
                yield Static(id="sub-jobs-message", markup=False)
            with Vertical(id="job-timeline-panel"):
                yield JobTimeline(id="job-timeline")
            capabilities = self.console.backend.describe().capabilities
            yield SlowReasons(from_pods=capabilities.pod_reasons, id="slow-reasons")
        yield self.bottom_bars()

    def on_mount(self) -> None:
        self.query_one("#sub-jobs", Vertical).border_title = "Sub-jobs"
        self.query_one("#job-timeline-panel", Vertical).border_title = "Timeline"
        pacing = self.console.pacing
        self._ticker = self.set_interval(pacing.job_tick, self._tick, pause=True)
        self._reasons_timer = self.set_interval(pacing.job_reasons, self._read_reasons, pause=True)
        self._say(f"loading job {self.job_uuid}…", "waiting")
        self.set_class(True, "-no-job")
        self.sub_jobs_table.focus()
        self.request_reload()

    # --- parts -------------------------------------------------------------------------------
    @property
    def sub_jobs_table(self) -> VirtualTable:
        """The sub-jobs table."""
        return self.query_one("#sub-jobs-table", VirtualTable)

    @property
    def summary(self) -> JobSummary:
        return self.query_one(JobSummary)

    @property
    def states_trail(self) -> StatesTrail:
        return self.query_one(StatesTrail)

    @property
    def timeline(self) -> JobTimeline:
        return self.query_one(JobTimeline)

    @property
    def slow_reasons(self) -> SlowReasons:
        return self.query_one(SlowReasons)

    # --- LiveScreen ----------------------------------------------------------------------------
    def is_changed_by(self, event: ChangeEvent) -> bool:
        """Events about this job (and RESYNC) concern the screen."""
        if event.action is ChangeAction.RESYNC:
            return True
        return event.kind is EntityKind.JOB and event.uuid == self.job_uuid

    async def _load_once(self) -> None:
        state = self.console.backend_state
        if state.unready_text:
            self._say(
                state.unready_text, "error" if state.phase is BackendPhase.FAILED else "waiting"
            )
            return
        try:
            job = await self.console.backend.get_job(self.job_uuid)
        except NotFound as error:
            self._show_gone(error)
        except BackendError as error:
            self._say(error_text(error), "error")
        else:
            self._show_job(job)

    def show_load_failure(self, text: str) -> None:
        """An unexpected failure while loading: said above the job."""
        self._say(text, "error")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading or reading the reasons: said, never a
        traceback."""
        super().on_worker_state_changed(event)
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error or RuntimeError("unknown error")
        if event.worker is self._reasons_reader:
            self.slow_reasons.show_note(f"the reasons cannot be read now: {error_text(error)}")

    # --- showing -------------------------------------------------------------------------------
    def _say(self, text: str, tone: MessageTone) -> None:
        """Show `text` above the job ("" hides the message)."""
        self.message = text
        self.query_one("#job-message", Static).update(text)
        self.set_class(bool(text), "-message")
        for other in ("waiting", "calm", "error"):
            self.set_class(bool(text) and other == tone, f"-{other}")

    def _show_gone(self, error: NotFound) -> None:
        """The job's record is gone: say so where it was, and stop following the clock."""
        self.gone = True
        self._pause_timers()
        self.slow_reasons.display = False
        if self.job is None:
            self._say(error_text(error), "error")
        else:
            self._say(
                f"job {self.job_uuid} was deleted; below is what it last showed (esc goes back)",
                "calm",
            )

    def _show_job(self, job: Job) -> None:
        self.job, self.gone = job, False
        self._say("", "calm")
        self.set_class(False, "-no-job")
        self.states_trail.show(job.states)
        self._show_moment(job, self.console.clock())

    def _show_moment(self, job: Job, now: datetime) -> None:
        """Everything that depends on the time: durations, bars, and whether it is slow."""
        self.summary.show(job, now)
        self._show_sub_jobs(job, now)
        self.timeline.show(job, now)
        scale = self.timeline.scale
        title = "Timeline" if scale is None else f"Timeline {scale.label}"
        self.query_one("#job-timeline-panel", Vertical).border_title = title
        running = not job.status.is_terminal and job.end_time is None
        self._set_timer(self._ticker, running and self._visible)
        self._follow_slowness(job, now)

    def _show_sub_jobs(self, job: Job, now: datetime) -> None:
        """Update the table in place: the cursor and scroll stay on their module."""
        rows = sub_job_rows(job, now)
        panel = self.query_one("#sub-jobs", Vertical)
        panel.border_title = f"Sub-jobs ({len(rows)})"
        panel.set_class(not rows, "-empty")
        if not rows:
            running = not job.status.is_terminal
            self.query_one("#sub-jobs-message", Static).update(
                "no sub-jobs yet: they appear once Helm has created the cluster's workloads"
                if running
                else "this job has no sub-jobs"
            )
        table = self.sub_jobs_table
        keys = [table.key_at(i) for i in range(table.row_count)]
        if keys != [key for key, _ in rows]:
            table.set_rows(rows)
            return
        for key, cells in rows:
            if table.get_row(key) != tuple(cells):
                table.update_row(key, cells)

    def _tick(self) -> None:
        if self.job is not None and not self.gone:
            self._show_moment(self.job, self.console.clock())

    # --- why is it slow ------------------------------------------------------------------------
    def _follow_slowness(self, job: Job, now: datetime) -> None:
        """Show the section (reading the reasons at once) when the job turns slow; hide it
        when the job ends; read again every `pacing.job_reasons` seconds only while seen."""
        section = self.slow_reasons
        slow = is_slow(job, now)
        newly = slow and not section.display
        section.display = slow
        self._set_timer(self._reasons_timer, slow and self._visible)
        if newly and self._visible:
            self._read_reasons()

    def _read_reasons(self) -> None:
        job = self.job
        if job is None or self.gone:
            return
        if self._reasons_reader is not None and not self._reasons_reader.is_finished:
            return  # the last read is still out: no pile-up on a slow cluster
        if not job.cluster_id:
            self.slow_reasons.show_note("the cluster is not created yet: nothing to look at")
            return
        self._reasons_reader = self._read_reasons_of(job.cluster_id)

    @work(group="job-detail-reasons", exit_on_error=False)
    async def _read_reasons_of(self, cluster_id: str) -> None:
        try:
            reasons = await self.console.backend.cluster_reasons(cluster_id)
        except BackendError as error:  # no Kubernetes, cluster gone...: calmly, in place
            self.slow_reasons.show_note(f"the reasons cannot be read now: {error_text(error)}")
        else:
            self.slow_reasons.show_reasons(reasons)

    # --- visibility and timers -----------------------------------------------------------------
    @staticmethod
    def _set_timer(timer: Timer | None, running: bool) -> None:
        if timer is None:
            return
        if running:
            timer.resume()
        else:
            timer.pause()

    def _pause_timers(self) -> None:
        self._set_timer(self._ticker, False)
        self._set_timer(self._reasons_timer, False)

    def on_screen_resume(self) -> None:
        self._visible = True
        self.request_reload()

    def on_screen_suspend(self) -> None:
        self._visible = False
        self._pause_timers()

    # --- keys ----------------------------------------------------------------------------------
    def selected_job(self) -> SelectedJob | None:
        """The job shown (None before it has loaded or once it is deleted)."""
        if self.job is None or self.gone:
            return None
        return SelectedJob(self.job.uuid, self.job.status.is_terminal)
