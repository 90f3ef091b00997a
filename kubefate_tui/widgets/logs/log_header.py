"""The line above a log panel: what is shown, how much is held, since when, and how."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class StreamState(Enum):
    """Where the lines stand, as the header says it."""

    READING = "reading…"
    FOLLOWING = "following"
    SCROLLED_UP = "following, scrolled up (end resumes)"
    PAUSED = "paused (f follows)"
    ENDED = "stream ended (f follows again)"
    STOPPED = "stopped (r retries)"


def tail_text(tail: int | None) -> str:
    """The tail choice in words."""
    return "all lines" if tail is None else f"last {tail:,}"


@dataclass(frozen=True, slots=True)
class LogHeader:
    """Everything the header says; `text()` lays it out."""

    cluster: str
    container: str  # "" for every container
    held: int
    dropped: int
    tail: int | None
    first_time: str | None  # the first held line's time, when timestamps are on
    state: StreamState
    wrap: bool
    timestamps: bool
    search: str = ""
    match_ordinal: int | None = None
    match_count: int = 0
    filtering: bool = False

    def text(self) -> str:
        """One line (it wraps when the panel is narrow), parts separated by `·`."""
        container = self.container or "all containers"
        parts = [self.cluster, container, self._held_text(), self.state.value]
        parts.append(f"wrap {'on' if self.wrap else 'off'}")
        parts.append(f"timestamps {'on' if self.timestamps else 'off'}")
        if self.search:
            parts.append(self._search_text())
        return " · ".join(parts)

    def _held_text(self) -> str:
        held = f"{self.held:,} line{'' if self.held == 1 else 's'}"
        if self.first_time:
            held += f" since {self.first_time} UTC"
        held += f" ({tail_text(self.tail)})"
        if self.dropped:
            held += f", {self.dropped:,} older dropped"
        return held

    def _search_text(self) -> str:
        if not self.match_count:
            return f"/{self.search}: no match"
        where = "-" if self.match_ordinal is None else f"{self.match_ordinal:,}"
        text = f"/{self.search}: {where} of {self.match_count:,} lines"
        return text + (" (only these shown)" if self.filtering else "")
