"""A titled table of one kind of KubeFATE object, or a message in its place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

Tone = Literal["waiting", "calm", "error"]
"""How a message reads: waiting for something, a calm explanation, or a failure."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: its key (the object's uuid or name) and the text of each cell."""

    key: str
    cells: tuple[str, ...]


class ResourcePanel(Vertical):
    """Shows rows in a DataTable, or a message (starting, unavailable, an error) instead.

    The stock DataTable re-measures every cell and is rebuilt on each load; that is fine for the
    tens of rows a KubeFATE service holds. The big-list issue replaces it with a keyed diff inside
    `batch_update()` (or textual-fastdatatable) — see notes/textual.md §7.
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

    def __init__(self, heading: str, columns: Sequence[str]) -> None:
        super().__init__()
        self.heading = heading
        self.columns = tuple(columns)
        self.message = ""
        self.border_title = heading

    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="resource-rows", cursor_type="row")
        table.add_columns(*self.columns)
        yield table
        yield Static(id="resource-message", markup=False)

    @property
    def table(self) -> DataTable[str]:
        """The table of rows."""
        return self.query_one("#resource-rows", DataTable)

    def show_rows(self, rows: Sequence[TableRow]) -> None:
        """Replace the rows, keeping the cursor on the same object when it is still there."""
        table = self.table
        selected = self._selected_key()
        table.clear()
        for row in rows:
            table.add_row(*row.cells, key=row.key)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self.message = ""
        self.set_class(False, "-message", *(f"-{tone}" for tone in self.TONES))
        self.border_title = f"{self.heading} ({len(rows)})"

    def show_message(self, text: str, *, tone: Tone) -> None:
        """Hide the table and say `text` in its place."""
        self.message = text
        self.query_one("#resource-message", Static).update(text)
        self.set_class(True, "-message")
        for other in self.TONES:
            self.set_class(other == tone, f"-{other}")
        self.border_title = self.heading

    def row_texts(self) -> list[tuple[str, ...]]:
        """Every row's cells as text, top to bottom (what a reader of the table sees)."""
        table = self.table
        return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]

    def _selected_key(self) -> RowKey | None:
        table = self.table
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key
