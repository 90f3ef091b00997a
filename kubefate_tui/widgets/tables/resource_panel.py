"""A titled table of one kind of KubeFATE object, or a message in its place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from kubefate_tui.listing.column_spec import Listing, RowContext
from kubefate_tui.listing.sort_order import SortOrder
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.widgets.tables.virtual_table import Column, VirtualTable

Tone = Literal["waiting", "calm", "error"]
"""How a message reads: waiting for something, a calm explanation, or a failure."""


class ResourcePanel(Vertical):
    """Shows a list's rows in a VirtualTable, or a message (starting, unavailable, an error)
    instead; `>`/`<` sort by the next/previous column, `I` inverts the order.

    The table draws only the rows on screen and replaces its rows in O(rows) without measuring
    them all, so a load of 100,000 jobs shows as fast as one of ten (the stock DataTable took
    seconds: it measures every cell of every row). The columns come from the list's `Listing`;
    the rows keep their objects, so a selection or a sort never reads a cell by position.
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("greater_than_sign", "sort_next", "Sort", key_display=">", id="list.sort_next"),
        Binding(
            "less_than_sign",
            "sort_previous",
            "Sort by the previous column",
            key_display="<",
            show=False,
            id="list.sort_previous",
        ),
        Binding("I", "sort_invert", "Invert the order", show=False, id="list.sort_invert"),
    ]

    TONES: tuple[Tone, ...] = ("waiting", "calm", "error")

    class OrderChanged(Message):
        """The user sorted the list another way (the screen says so in its title)."""

    def __init__(self, heading: str, listing: Listing[Any], *, waiting: str = "") -> None:
        """`waiting`: a message to start with (in the waiting tone) instead of the table,
        set here rather than after mounting so the first frame needs no restyle."""
        super().__init__(classes="-message -waiting" if waiting else "")
        self.heading = heading
        self.listing = listing
        self.message = waiting
        self._tone: Tone | None = "waiting" if waiting else None
        self.border_title = heading
        self.list_order = SortOrder()
        self.context: RowContext | None = None
        """What the rows were built with (the sort asks it too)."""
        self._rows: list[TableRow[Any]] = []  # in the backend's order
        self._items: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield VirtualTable(
            [Column(c.label, c.tone, c.max_width) for c in self.listing.columns],
            id="resource-rows",
        )
        yield Static(self.message, id="resource-message", markup=False)

    @property
    def table(self) -> VirtualTable:
        """The table of rows."""
        return self.query_one("#resource-rows", VirtualTable)

    # --- the rows ------------------------------------------------------------------------------
    def show_rows(self, rows: Sequence[TableRow[Any]], context: RowContext) -> None:
        """Replace the rows (in the backend's order; shown in the chosen one), keeping the
        cursor on the same object when it is still there."""
        self._rows, self.context = list(rows), context
        self._items = {row.key: row.item for row in rows}
        self._show_in_order()
        self.message = ""
        self._tone = None
        self.set_class(False, "-message", *(f"-{tone}" for tone in self.TONES))
        self.border_title = f"{self.heading} ({len(rows)})"

    def append_rows(self, rows: Sequence[TableRow[Any]]) -> None:
        """Add rows below the others (a long list shown page by page, as it is read); a
        sorted list is put in order again once the last page is in (`show_in_order`)."""
        self._rows.extend(rows)
        self._items.update((row.key, row.item) for row in rows)
        self.table.append_rows([(row.key, row.cells) for row in rows])

    def refresh_row(self, key: str) -> None:
        """Build the row `key` again from its object and the context (a value the context
        holds has changed, e.g. a cluster's module health)."""
        item, context = self._items.get(key), self.context
        if item is None or context is None:
            return
        row = self.listing.row(item, context)
        position = next((i for i, old in enumerate(self._rows) if old.key == key), None)
        if position is not None:
            self._rows[position] = row
        self.table.update_row(key, row.cells)

    def replace_item(self, key: str, item: Any) -> bool:
        """Show `item` (a newer state of the object `key`) in its row, in place; False (and
        nothing changed) when it has no row, or the list is sorted (its place may change)."""
        if key not in self._items or self.list_order != SortOrder():
            return False
        self._items[key] = item
        self.refresh_row(key)
        return True

    def item_at_cursor(self) -> Any | None:
        """The object under the cursor; None when the panel shows no row."""
        if self.message:
            return None
        key = self.table.cursor_key
        return None if key is None else self._items.get(key)

    @property
    def items(self) -> list[Any]:
        """The objects listed, in the backend's order."""
        return [row.item for row in self._rows]

    # --- the order -----------------------------------------------------------------------------
    @property
    def order_text(self) -> str:
        """How the list is sorted, for the title ("" in the backend's order)."""
        return self.list_order.describe(self.listing.labels)

    def show_in_order(self) -> None:
        """Show the rows held in the chosen order (after a page-by-page load)."""
        if self.list_order != SortOrder():
            self._show_in_order()

    def _show_in_order(self) -> None:
        context = self.context
        rows = self._rows
        if context is not None:
            rows = self.list_order.apply(self.listing, rows, context)
        self.table.set_rows([(row.key, row.cells) for row in rows])

    def _sort(self, order: SortOrder) -> None:
        self.list_order = order
        self._show_in_order()
        self.post_message(self.OrderChanged())

    def action_sort_next(self) -> None:
        """Sort by the next column (after the last: the backend's order)."""
        self._sort(self.list_order.next_column(len(self.listing.columns)))

    def action_sort_previous(self) -> None:
        """Sort by the previous column (before the first: the backend's order)."""
        self._sort(self.list_order.previous_column(len(self.listing.columns)))

    def action_sort_invert(self) -> None:
        """The same order, the other way round."""
        self._sort(self.list_order.inverted())

    # --- the message ---------------------------------------------------------------------------
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
