"""The timeline picture of a job: one bar per sub-job, from the job's start to when it was ready.

The geometry is pure (`timeline_scale`, `bar_cells`) so it can be reasoned about and tested
without a screen. While a job runs, the scale is rounded up to a "nice" span (1m, 2m, 5m…), so a
running sub-job's bar visibly grows with the clock instead of always filling the width; once
the job has ended the scale is its exact duration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from backend.models import Job, JobStatus, ModulesStatus, SubJob
from kubefate_tui.formatting.time_text import human_duration

NICE_SPANS: tuple[timedelta, ...] = tuple(
    timedelta(seconds=s)
    for s in (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
)
"""The spans a running job's scale is rounded up to; beyond a day, whole days."""

LABEL_CAP = 24
DURATION_WIDTH = 8
MIN_BAR_AREA = 10
BAR = "█"

TONE_STYLES: dict[str, str] = {
    "success": "$success",
    "warning": "$warning",
    "error": "$error",
    "muted": "$text-muted",
}
"""How each tone colours a bar: the theme's own colours, so every theme works."""


@dataclass(frozen=True, slots=True)
class TimelineScale:
    """What the width of the bar area stands for: `span` of time from `start`."""

    start: datetime
    span: timedelta
    running: bool

    @property
    def label(self) -> str:
        """`0 … 5m`: the scale as the header says it."""
        return f"0 … {human_duration(self.span)}"


@dataclass(frozen=True, slots=True)
class BarCells:
    """Where a bar is drawn in the bar area: `offset` cells in, `length` cells long."""

    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class TimelineBar:
    """One sub-job as drawn: `end` None while it is still growing (its module not ready)."""

    name: str
    start: datetime
    end: datetime | None
    tone: str


def nice_span(elapsed: timedelta) -> timedelta:
    """The smallest of NICE_SPANS at least `elapsed` (whole days beyond them)."""
    for span in NICE_SPANS:
        if elapsed <= span:
            return span
    day = timedelta(days=1)
    return day * -(-elapsed // day)


def timeline_scale(job: Job, bars: Sequence[TimelineBar], now: datetime) -> TimelineScale | None:
    """The scale of a job's timeline; None before the job has a start time."""
    start = job.start_time
    if start is None:
        return None
    ends = [bar.end for bar in bars if bar.end is not None]
    if job.end_time is not None:
        latest = max([job.end_time, *ends])
        return TimelineScale(start, max(latest - start, timedelta(seconds=1)), running=False)
    latest = max([now, *ends])
    return TimelineScale(start, nice_span(latest - start), running=True)


def bar_cells(scale: TimelineScale, bar_start: datetime, bar_end: datetime, width: int) -> BarCells:
    """The cells of a bar from `bar_start` to `bar_end` in a bar area `width` cells wide.

    Times outside the scale are clamped to it; every bar is at least one cell long, so a module
    that was ready at once still shows.
    """
    total = scale.span.total_seconds()

    def cell(moment: datetime) -> int:
        fraction = (moment - scale.start).total_seconds() / total
        return max(0, min(width, round(fraction * width)))

    offset = min(cell(bar_start), width - 1)
    end = max(cell(bar_end), offset + 1)
    return BarCells(offset, end - offset)


def sub_job_tone(sub_job: SubJob, job: Job) -> str:
    """Green once ready; while the job runs, yellow (red on a replica failure); a job that
    ended without the module ready shows it red (grey when the job was canceled)."""
    if sub_job.end_time is not None or sub_job.modules_status is ModulesStatus.AVAILABLE:
        return "success"
    if job.end_time is None and not job.status.is_terminal:
        return "error" if sub_job.modules_status is ModulesStatus.REPLICA_FAILURE else "warning"
    return "muted" if job.status is JobStatus.CANCELED else "error"


def sub_job_end(sub_job: SubJob, job: Job) -> datetime | None:
    """When a sub-job's bar ends: when it was ready, else when the job ended, else None."""
    return sub_job.end_time or job.end_time


def timeline_bars(job: Job) -> list[TimelineBar]:
    """A bar per sub-job, by module name (the order of the sub-jobs table)."""
    if job.start_time is None:
        return []
    return [
        TimelineBar(
            name=name,
            start=sub_job.start_time or job.start_time,
            end=sub_job_end(sub_job, job),
            tone=sub_job_tone(sub_job, job),
        )
        for name, sub_job in sorted((job.sub_jobs or {}).items())
    ]


class JobTimeline(Widget):
    """Draws a job's sub-jobs as bars on one time scale; `show` gives it the job and the time."""

    DEFAULT_CSS = """
    JobTimeline {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._job: Job | None = None
        self._now: datetime | None = None
        self.bars: list[TimelineBar] = []
        self.scale: TimelineScale | None = None

    def show(self, job: Job, now: datetime) -> None:
        """Draw `job` as of `now` (the console's clock)."""
        count = len(self.bars)
        self._job, self._now = job, now
        self.bars = timeline_bars(job)
        self.scale = timeline_scale(job, self.bars, now)
        self.refresh(layout=len(self.bars) != count)

    @property
    def bar_area_width(self) -> int:
        """How many cells the bars share (the widget's width less labels and durations)."""
        used = self._label_width() + 1 + 1 + DURATION_WIDTH
        return max(MIN_BAR_AREA, self.content_size.width - used)

    def _label_width(self) -> int:
        return min(LABEL_CAP, max((cell_len(bar.name) for bar in self.bars), default=0))

    def geometry(self) -> dict[str, BarCells]:
        """Each bar's cells as drawn now, by module name."""
        if self.scale is None or self._now is None:
            return {}
        width = self.bar_area_width
        return {
            bar.name: bar_cells(self.scale, bar.start, bar.end or self._now, width)
            for bar in self.bars
        }

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.bars) + 1 if self.bars else 1

    def render(self) -> Content:
        return Content("\n").join(self._lines())

    def plain_lines(self) -> list[str]:
        """The picture as plain text, top to bottom (what a reader of the screen sees)."""
        return [line.plain for line in self._lines()]

    def _lines(self) -> list[Content]:
        if self._job is None or self._now is None:
            return [Content("")]
        if self.scale is None:
            return [Content.styled("the job has not started", "$text-muted")]
        if not self.bars:
            return [Content.styled(self._no_bars_text(), "$text-muted")]
        label_width, width = self._label_width(), self.bar_area_width
        lines = [self._header(label_width, width, self.scale)]
        geometry = self.geometry()
        for bar in self.bars:
            lines.append(self._bar_line(bar, geometry[bar.name], label_width, width))
        return lines

    def _no_bars_text(self) -> str:
        job = self._job
        assert job is not None
        if job.status.is_terminal:
            return "no sub-jobs: this job had no module workloads to follow"
        return "no sub-jobs yet: they appear once the cluster's workloads exist"

    @staticmethod
    def _header(label_width: int, width: int, scale: TimelineScale) -> Content:
        right = human_duration(scale.span)
        gap = max(1, width - 1 - cell_len(right))
        axis = "0" + " " * gap + right
        suffix = "now" if scale.running else "end"
        return Content.assemble(
            " " * (label_width + 1),
            (axis, "$text-muted"),
            (f" {suffix:>{DURATION_WIDTH}}", "$text-muted"),
        )

    def _bar_line(self, bar: TimelineBar, cells: BarCells, label_width: int, width: int) -> Content:
        assert self._now is not None
        label = bar.name if cell_len(bar.name) <= label_width else bar.name[: label_width - 1] + "…"
        rest = width - cells.offset - cells.length
        duration = human_duration((bar.end or self._now) - bar.start)
        return Content.assemble(
            label + " " * (label_width - cell_len(label) + 1),
            " " * cells.offset,
            (BAR * cells.length, TONE_STYLES[bar.tone]),
            " " * max(0, rest),
            f" {duration:>{DURATION_WIDTH}}",
        )
