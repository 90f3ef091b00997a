""" "Why is it slow?": what the pods and events of a job's cluster say while the job drags on
(or, over a KubeFATE service, which has no pod reasons, the module states it reports)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class SlowReasons(VerticalScroll):
    """The reasons a cluster's modules are not ready, or a calm word on why none are known.

    Hidden until the screen shows it (`display = True`); `show_reasons` and `show_note` fill it.
    """

    FOCUS_NAME = "why it is slow"

    DEFAULT_CSS = """
    SlowReasons {
        display: none;
        height: auto;
        max-height: 10;
        border: round $warning;
        border-title-style: bold;
        padding: 0 1;
        #slow-text { width: 1fr; }
        &.-note #slow-text { color: $text-muted; }
    }
    """

    TITLE = "Why is it slow?"

    def __init__(self, *, from_pods: bool = True, id: str | None = None) -> None:
        """`from_pods`: the backend reads pods and events (else only the module states)."""
        super().__init__(id=id)
        self.border_title = self.TITLE
        self.source = "the pods and events" if from_pods else "the module states of the service"
        self.reasons: tuple[str, ...] = ()
        self.note = f"reading {self.source}…"

    def compose(self) -> ComposeResult:
        yield Static(self.note, id="slow-text", markup=False)

    def show_reasons(self, reasons: Sequence[str]) -> None:
        """Show `reasons`, most telling first; none: say nothing visible is wrong yet."""
        if not reasons:
            self.show_note(f"nothing wrong can be seen in {self.source} yet")
            return
        self.reasons, self.note = tuple(reasons), ""
        self.set_class(False, "-note")
        self.query_one("#slow-text", Static).update("\n".join(f"• {r}" for r in reasons))

    def show_note(self, text: str) -> None:
        """Say `text` instead of reasons (not readable, no cluster yet, nothing wrong)."""
        self.reasons, self.note = (), text
        self.set_class(True, "-note")
        self.query_one("#slow-text", Static).update(text)

    @property
    def text(self) -> str:
        """What the section says, as plain text."""
        return "\n".join(self.reasons) if self.reasons else self.note
