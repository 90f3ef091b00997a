"""A titled table of one kind of KubeFATE object, or a message in its place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.widgets.tables.virtual_table import Column, VirtualTable, status_tone

Tone = Literal["waiting", "calm", "error"]
"""How a message reads: waiting for something, a calm explanation, or a failure."""


class ResourcePanel(Vertical):
    """Shows rows in a VirtualTable, or a message (starting, unavailable, an error) instead.

    The table draws only the rows on screen and replaces its rows in O(rows) without measuring
    them all, so a load of 100,000 jobs shows as fast as one of ten (the stock DataTable took
    seconds: it measures every cell of every row). A column headed STATUS is coloured by value.
    """

    DEFAULT_CSS = """
    ResourcePanel {
        border: round $primary;
        border-title-style: bold;
        height: 1fr;
        #resource-message { display: none; padding: 1 2; color: $text-warning; }
        &.-message #resource-rows { display: none; }
        &.-message #resource-message { display: block; }
        &.-calm #resource-message { color: $text-muted; }
        &.-error #resource-message { color: $text-error; }
        #resource-rows { height: 1fr; }
    }
    """

    TONES: tuple[Tone, ...] = ("waiting", "calm", "error")

    def __init__(self, heading: str, columns: Sequence[str], *, waiting: str = "") -> None:
        """`waiting`: a message to start with (in the waiting tone) instead of the table,
        set here rather than after mounting so the first frame needs no restyle."""
        super().__init__(classes="-message -waiting" if waiting else "")
        self.heading = heading
        self.columns = tuple(columns)
        self.message = waiting
        self._tone: Tone | None = "waiting" if waiting else None
        self.border_title = heading

    STATUS_COLUMN = "STATUS"

    def compose(self) -> ComposeResult:
        yield VirtualTable(
            [Column(c, status_tone if c == self.STATUS_COLUMN else None) for c in self.columns],
            id="resource-rows",
        )
        yield Static(self.message, id="resource-message", markup=False)

    @property
    def table(self) -> VirtualTable:
        """The table of rows."""
        return self.query_one("#resource-rows", VirtualTable)

    def show_rows(self, rows: Sequence[TableRow]) -> None:
        """Replace the rows, keeping the cursor on the same object when it is still there."""
        self.table.set_rows([(row.key, row.cells) for row in rows])
        self.message = ""
        self._tone = None
        self.set_class(False, "-message", *(f"-{tone}" for tone in self.TONES))
        self.border_title = f"{self.heading} ({len(rows)})"

    def show_message(self, text: str, *, tone: Tone) -> None:
        """Hide the table and say `text` in its place."""
        if (text, tone) == (self.message, self._tone):
            return  # each class change restyles the whole panel: skip a repeat
        self.message, self._tone = text, tone
        self.query_one("#resource-message", Static).update(text)
        self.set_class(True, "-message")
        for other in self.TONES:
            self.set_class(other == tone, f"-{other}")
        self.border_title = self.heading

    def row_texts(self) -> list[tuple[str, ...]]:
        """Every row's cells as text, top to bottom (what a reader of the table sees)."""
        return list(self.table.shown_rows())
