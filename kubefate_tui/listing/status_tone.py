"""How a job's or cluster's status reads at a glance: the tone its cell is drawn in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

CellTone = Callable[[str], "str | None"]
"""Maps a cell's text to a tone (`success`, `error`, `warning`, `muted`) or None for plain."""

STATUS_TONES: Mapping[str, str] = {
    "Running": "success",
    "Success": "success",
    "Failed": "error",
    "Timeout": "error",
    "Unavailable": "error",
    "Pending": "warning",
    "Creating": "warning",
    "Updating": "warning",
    "Deleting": "warning",
    "Stopping": "warning",
    "Rollback": "warning",
    "Canceled": "muted",
    "Deleted": "muted",
    "Unknown": "muted",
}
"""Job and cluster statuses (docs/kubefate-behaviour.md §2.9) and how they read at a glance."""


def status_tone(text: str) -> str | None:
    """The tone of a status cell: green when fine, red when failed, yellow while in progress."""
    return STATUS_TONES.get(text)
