"""A job's states trail: KubeFATE's progress lines, in order, newest last.

The lines are KubeFATE's own strings ("helm install Success", "checkout Cluster status [12]").
They wrap rather than being cut, as the last one often carries an error message worth reading
in full; a long trail scrolls, and follows its newest line while the view is at the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


def numbered_states(states: Sequence[str]) -> str:
    """`1. update job status to Running` and so on, one line per state."""
    width = len(str(len(states)))
    return "\n".join(f"{number:>{width}}. {state}" for number, state in enumerate(states, 1))


class StatesTrail(VerticalScroll):
    """The states of one job; `show` replaces them."""

    FOCUS_NAME = "the states"

    DEFAULT_CSS = """
    StatesTrail {
        height: auto;
        max-height: 12;
        border: round $secondary;
        border-title-style: bold;
        padding: 0 1;
        #states-text { width: 1fr; }
        &.-empty #states-text { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.states: tuple[str, ...] = ()
        self._shown = False
        self.border_title = "States"

    def compose(self) -> ComposeResult:
        yield Static("no states yet", id="states-text", markup=False)

    def show(self, states: Sequence[str] | None) -> None:
        """Show `states` (None or empty: the job has none yet)."""
        new = tuple(states or ())
        if new == self.states and self._shown:
            return
        following = self.scroll_y >= self.max_scroll_y  # at the bottom: keep the newest in view
        self.states, self._shown = new, True
        self.border_title = f"States ({len(new)})"
        self.set_class(not new, "-empty")
        self.query_one("#states-text", Static).update(
            numbered_states(new) if new else "no states yet"
        )
        if following:
            self.call_after_refresh(self.scroll_end, animate=False)

    def lines(self) -> list[str]:
        """The trail as shown, one state per entry (numbering aside)."""
        return list(self.states)
