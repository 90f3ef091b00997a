"""The facts of one job, as `kubefate job describe` gives them, with its status coloured."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from backend.models import Job
from kubefate_tui.formatting.time_text import elapsed, timestamp
from kubefate_tui.listing.status_tone import status_tone

TONE_TEXT_STYLES: dict[str, str] = {
    "success": "$text-success",
    "warning": "$text-warning",
    "error": "$text-error",
    "muted": "$text-muted",
}
"""A status tone (see listing.status_tone.STATUS_TONES) as a text colour of the theme."""

LABEL_WIDTH = 11


def cluster_text(job: Job) -> str:
    """`fate-9999 in namespace fate-9999` from the job's request; "" when it has none."""
    args = job.meta_data
    if args is None or not (args.name or args.namespace):
        return ""
    return f"{args.name} in namespace {args.namespace}"


def summary_fields(job: Job, now: datetime) -> list[tuple[str, str]]:
    """The summary's labels and values, top to bottom (the status uncoloured)."""
    return [
        ("UUID", job.uuid),
        ("Method", job.method.value),
        ("Status", job.status.value),
        ("Cluster", cluster_text(job) or "—"),
        ("Cluster ID", job.cluster_id or "— (not created yet)"),
        ("Creator", job.creator),
        ("Start", timestamp(job.start_time, now)),
        ("End", timestamp(job.end_time, now) or "—"),
        ("Duration", elapsed(job.start_time, job.end_time, now)),
    ]


class JobSummary(Static):
    """uuid, method, status, cluster, creator, start, end and duration of one job."""

    DEFAULT_CSS = """
    JobSummary {
        height: auto;
        width: 1fr;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields: list[tuple[str, str]] = []
        self.border_title = "Job"

    def show(self, job: Job, now: datetime) -> None:
        """Show `job` as of `now` (the duration of a running job is the time so far)."""
        fields = summary_fields(job, now)
        if fields == self.fields:
            return
        self.fields = fields
        self.border_title = f"Job {job.uuid[:8]}"
        tone = status_tone(job.status.value)
        lines = []
        for label, value in fields:
            style = TONE_TEXT_STYLES.get(tone or "", "") if label == "Status" else ""
            lines.append(
                Content.assemble((f"{label:<{LABEL_WIDTH}}", "$text-muted"), (value, style))
            )
        self.update(Content("\n").join(lines))

    def value(self, label: str) -> str:
        """The text shown beside `label` ("" if there is no such line)."""
        return dict(self.fields).get(label, "")
