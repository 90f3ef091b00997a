"""A table for big lists: draws only the rows on screen (Textual's line API).

The stock DataTable measures every cell of every row and rebuilds its indexes on each change,
which took seconds for tens of thousands of rows. This table keeps rows as
plain tuples of strings, a key → index dict, and renders a line only when the compositor asks
for it, so opening, scrolling and replacing 100,000 rows costs little more than 100.

Column widths come from the heading and a bounded sample of rows (the first rows, the rows on
screen, rows updated one by one) and only grow while the data stays; a cell wider than its
column is cut with an ellipsis.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kubefate_tui.listing.status_tone import CellTone

RowKey = str
"""What identifies a row across reloads (an object's uuid or name)."""

Cells = tuple[str, ...]
Row = tuple[RowKey, Sequence[str]]

TONES: tuple[str, ...] = ("success", "error", "warning", "muted")

SAMPLE_ROWS = 200
"""Rows measured from the top when the data is replaced (the rest as they come on screen)."""

ELLIPSIS = "…"
SEPARATOR = "\x1f"  # joins a row's cells for filtering, so a match never spans two cells


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, an optional tone hook for its cells, and a width cap."""

    label: str
    tone: CellTone | None = None
    max_width: int = 48


def fit(text: str, width: int) -> str:
    """`text` padded to `width` cells, or cut to `width` with an ellipsis as its last cell."""
    length = len(text) if text.isascii() else cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    if width <= 0:
        return ""
    if text.isascii():
        return text[: width - 1] + ELLIPSIS
    return set_cell_size(text, width - 1) + ELLIPSIS


def _width_of(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


class VirtualTable(ScrollView, can_focus=True):
    """A keyed table of text rows with a row cursor, drawing only the lines on screen.

    Replace the rows with `set_rows` (the cursor stays on its key), add rows below with
    `append_rows` (a long list shown page by page), change one with `update_row`, narrow them
    with `filter`. Posts `RowHighlighted` when the row under the
    cursor changes and `RowSelected` on Enter (or a click on the highlighted row).
    """

    FOCUS_NAME = "the list"

    ALLOW_SELECT = False  # a click picks a row; text selection would fight it

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False, id="table.select"),
        Binding("up", "cursor_up", "Cursor up", show=False, id="table.cursor_up"),
        Binding("down", "cursor_down", "Cursor down", show=False, id="table.cursor_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("home,ctrl+home", "cursor_top", "Top", show=False, id="table.top"),
        Binding("end,ctrl+end", "cursor_bottom", "Bottom", show=False, id="table.bottom"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        *(f"virtual-table--{tone}" for tone in TONES),
    }

    # The look follows the stock DataTable so the swap keeps the console's appearance; tones
    # use the theme's text variants of $success/$error/$warning, readable on every theme.
    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .virtual-table--header { background-tint: $foreground 5%; }
        }
        & > .virtual-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .virtual-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--success { color: $text-success; }
        & > .virtual-table--error { color: $text-error; }
        & > .virtual-table--warning { color: $text-warning; }
        & > .virtual-table--muted { color: $text-muted; }
    }
    """

    class RowHighlighted(Message):
        """The cursor is on another row (`key`, at `index` among the rows shown)."""

        def __init__(self, table: VirtualTable, key: RowKey, index: int) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowSelected(Message):
        """Enter was pressed (or the highlighted row clicked) on the row `key`."""

        def __init__(self, table: VirtualTable, key: RowKey, index: int) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    class ViewMoved(Message):
        """Other rows are in view (scrolled, resized, or the rows changed): see
        `keys_in_view`."""

        def __init__(self, table: VirtualTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[str | Column],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._columns = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
        self._widths = [_width_of(c.label) for c in self._columns]
        self._keys: list[RowKey] = []
        self._cells: list[Cells] = []
        self._index: dict[RowKey, int] = {}
        self._view: list[int] | None = None  # data indices shown, ascending; None: all
        self._needle = ""
        self._haystack: list[str] | None = None  # lowercased joined cells, built on filter
        self._cursor = 0  # position among the rows shown
        self._highlighted: RowKey | None = None
        self._measured_window: tuple[int, int] | None = None
        self._update_virtual_size()

    # --- reading -----------------------------------------------------------------------------
    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, left to right."""
        return self._columns

    @property
    def column_widths(self) -> tuple[int, ...]:
        """The width of each column's text (padding aside), as drawn now."""
        return tuple(self._widths)

    @property
    def row_count(self) -> int:
        """How many rows are shown (all of them, or those matching the filter)."""
        return len(self._keys) if self._view is None else len(self._view)

    @property
    def total_row_count(self) -> int:
        """How many rows the table holds, filter aside."""
        return len(self._keys)

    @property
    def filter_text(self) -> str:
        """The text rows are filtered by ("" when not filtering)."""
        return self._needle

    @property
    def cursor_row(self) -> int:
        """The cursor's position among the rows shown."""
        return self._cursor

    @property
    def cursor_key(self) -> RowKey | None:
        """The key of the row under the cursor, None when no row is shown."""
        if self.row_count == 0:
            return None
        return self._keys[self._data_index(self._cursor)]

    def key_at(self, index: int) -> RowKey:
        """The key of the row at `index` among the rows shown."""
        return self._keys[self._data_index(index)]

    def get_row_at(self, index: int) -> Cells:
        """The cells of the row at `index` among the rows shown."""
        return self._cells[self._data_index(index)]

    def get_row(self, key: RowKey) -> Cells:
        """The cells of the row `key` (KeyError if there is none)."""
        return self._cells[self._index[key]]

    def index_of(self, key: RowKey) -> int | None:
        """Where the row `key` is among the rows shown; None if absent or filtered out."""
        data_index = self._index.get(key)
        return None if data_index is None else self._view_position(data_index)

    def keys_in_view(self) -> list[RowKey]:
        """The keys of the rows on screen now, top to bottom (none before the first layout)."""
        if self.scrollable_content_region.height <= 1:
            return []
        top = self.scroll_offset.y
        return [self.key_at(i) for i in range(top, min(self.row_count, top + self.page_height))]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def shown_rows(self) -> Iterator[Cells]:
        """The cells of every row shown, top to bottom."""
        if self._view is None:
            return iter(self._cells)
        return (self._cells[i] for i in self._view)

    # --- changing the data ---------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row; the cursor stays on its key (and screen line) if it is still there.

        Keys must be unique. O(rows) with a small constant: no cell is measured beyond the sample.
        """
        key, line = self.cursor_key, self._cursor - self.scroll_offset.y
        self._keys = [row[0] for row in rows]
        self._cells = [tuple(row[1]) for row in rows]  # tuple() of a tuple is the same object
        self._index = dict(zip(self._keys, range(len(self._keys)), strict=True))
        self._haystack = None
        self._view = self._matching(self._needle) if self._needle else None
        self._widths = [_width_of(c.label) for c in self._columns]
        self._measure(range(min(SAMPLE_ROWS, self.row_count)))
        self._measured_window = None
        self._after_rows_changed(key, line)

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Add rows after the last one in O(len(rows)): a long list shown page by page.

        Nothing on screen moves: the cursor stays on its row and the view where it is (the
        first rows ever given put the cursor on the top row). A row whose key the table holds
        already replaces that row's cells instead, as `update_row` does.
        """
        was_empty = self.row_count == 0
        start = len(self._keys)
        for key, cells in rows:
            if key in self._index:
                self.update_row(key, cells)
                continue
            self._index[key] = len(self._keys)
            self._keys.append(key)
            self._cells.append(tuple(cells))
        if len(self._keys) == start:
            return
        self._extend_filter(start)
        if was_empty:
            self._measure(range(min(SAMPLE_ROWS, self.row_count)))
            self._after_rows_changed(None, 0)
            return
        self._update_virtual_size()
        self._measure_window()
        first_new = self._view_position(start) if self._view is None else self._first_shown(start)
        top = self.scroll_offset.y
        if first_new is not None and first_new < top + self.page_height:
            self.refresh()  # some new rows are on screen

    def _extend_filter(self, start: int) -> None:
        """Bring the filter's text and view up to date with the rows from `start` on.

        The text to filter by is built here, page by page, while a long list loads in the
        background: the first `/` on 100,000 rows then only searches (building it all at once
        took most of the first filter's time).
        """
        if self._haystack is None:
            self._haystack = [SEPARATOR.join(c).lower() for c in self._cells[:start]]
        self._haystack.extend(SEPARATOR.join(c).lower() for c in self._cells[start:])
        if self._view is not None:
            needle, haystack = self._needle, self._haystack
            self._view.extend(i for i in range(start, len(haystack)) if needle in haystack[i])

    def _first_shown(self, data_index: int) -> int | None:
        """The position among the rows shown of the first shown row at `data_index` or after."""
        assert self._view is not None
        slot = bisect_left(self._view, data_index)
        return slot if slot < len(self._view) else None

    def update_row(self, key: RowKey, cells: Sequence[str]) -> bool:
        """Change the cells of the row `key` in O(1); False if there is no such row."""
        data_index = self._index.get(key)
        if data_index is None:
            return False
        row = tuple(cells)
        self._cells[data_index] = row
        if self._haystack is not None:
            self._haystack[data_index] = SEPARATOR.join(row).lower()
            if self._needle and self._refilter_one(data_index):
                return True
        position = self._view_position(data_index)
        top = self.scroll_offset.y
        if position is None or not top <= position < top + self.page_height:
            return True  # off screen: measured and drawn when it scrolls into view
        if self._grow_widths(row):
            self._update_virtual_size()
            self.refresh()
        else:
            self.refresh_line(position + 1)
        return True

    def filter(self, text: str) -> None:
        """Show only rows with a cell containing `text` (case-insensitive); "" shows all."""
        key, line = self.cursor_key, self._cursor - self.scroll_offset.y
        self._needle = text.lower()
        self._view = self._matching(self._needle) if self._needle else None
        self._measured_window = None
        self._after_rows_changed(key, line)

    def _matching(self, needle: str) -> list[int]:
        if self._haystack is None:
            self._haystack = [SEPARATOR.join(cells).lower() for cells in self._cells]
        return [i for i, text in enumerate(self._haystack) if needle in text]

    def _refilter_one(self, data_index: int) -> bool:
        """Add or drop one updated row from the filtered view; True if that changed it."""
        assert self._view is not None and self._haystack is not None
        matches = self._needle in self._haystack[data_index]
        slot = bisect_left(self._view, data_index)
        present = slot < len(self._view) and self._view[slot] == data_index
        if matches == present:
            return False
        key, line = self.cursor_key, self._cursor - self.scroll_offset.y
        if matches:
            self._view.insert(slot, data_index)
        else:
            del self._view[slot]
        self._after_rows_changed(key, line)
        return True

    def _after_rows_changed(self, key: RowKey | None, line: int) -> None:
        """Put the cursor back on `key` at the same screen line, else keep its position."""
        position = None if key is None else self.index_of(key)
        if position is None:
            position = self._cursor
        self._cursor = max(0, min(position, self.row_count - 1))
        self._update_virtual_size()
        self._scroll_to_line(self._cursor - line)
        self._ensure_cursor_visible()
        self._measure_window()
        self.refresh()
        self._announce_highlight()

    # --- positions ------------------------------------------------------------------------------
    def _data_index(self, position: int) -> int:
        return position if self._view is None else self._view[position]

    def _view_position(self, data_index: int) -> int | None:
        if self._view is None:
            return data_index
        slot = bisect_left(self._view, data_index)
        if slot < len(self._view) and self._view[slot] == data_index:
            return slot
        return None

    @property
    def page_height(self) -> int:
        """How many rows fit on screen below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    # --- widths -----------------------------------------------------------------------------------
    def _measure(self, positions: Iterable[int]) -> bool:
        """Grow the widths to fit the rows at `positions` (among those shown)."""
        grown = False
        for position in positions:
            grown = self._grow_widths(self.get_row_at(position)) or grown
        return grown

    def _grow_widths(self, cells: Cells) -> bool:
        grown = False
        for column, (text, width, spec) in enumerate(
            zip(cells, self._widths, self._columns, strict=False)
        ):
            needed = min(_width_of(text), spec.max_width)
            if needed > width:
                self._widths[column] = needed
                grown = True
        return grown

    def _measure_window(self) -> None:
        """Measure the rows on screen once per scroll position, so they are not cut."""
        top = self.scroll_offset.y
        window = (top, min(self.row_count, top + self.page_height))
        if window == self._measured_window:
            return
        self._measured_window = window
        self.post_message(self.ViewMoved(self))
        if self._measure(range(*window)):
            self._update_virtual_size()
            self.refresh()

    def _update_virtual_size(self) -> None:
        size = Size(sum(w + 2 for w in self._widths), self.row_count + 1)
        old = self.virtual_size
        if size == old:
            return
        if size.width == old.width and size.height > old.height and self.show_vertical_scrollbar:
            # Only longer, with the scrollbar already there: nothing to lay out again, just a
            # longer scrollbar track. A layout pass redraws the whole screen, which for each
            # page of a list loading in the background stole ~35 ms from the keys.
            self.set_reactive(ScrollView.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = size.height
            self.vertical_scrollbar.refresh()
            return
        self.virtual_size = size

    # --- cursor -----------------------------------------------------------------------------------
    def move_cursor(self, position: int) -> None:
        """Put the cursor on the row at `position` (clamped) and scroll it into view."""
        if self.row_count == 0:
            return
        old = self._cursor
        self._cursor = max(0, min(position, self.row_count - 1))
        if self._cursor != old:
            self.refresh_line(old + 1)
            self.refresh_line(self._cursor + 1)
        self._ensure_cursor_visible()
        self._announce_highlight()

    def _ensure_cursor_visible(self) -> None:
        if not self.size:  # hidden or not laid out yet: on_resize does it later
            return
        top = self.scroll_offset.y
        if self._cursor < top:
            self._scroll_to_line(self._cursor)
        elif self._cursor >= top + self.page_height:
            self._scroll_to_line(self._cursor - self.page_height + 1)

    def _scroll_to_line(self, top: int) -> None:
        if not self.is_attached:  # rows given before mounting: nothing to scroll yet
            return
        self.scroll_to(y=max(0, top), animate=False, force=True, immediate=True)

    def _announce_highlight(self) -> None:
        key = self.cursor_key
        if key != self._highlighted:
            self._highlighted = key
            if key is not None:
                self.post_message(self.RowHighlighted(self, key, self._cursor))

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_down(self) -> None:
        """Scroll a page and move the cursor a page, as the stock DataTable does."""
        page = self.page_height
        self._scroll_to_line(self.scroll_offset.y + page)
        self.move_cursor(self._cursor + page)

    def action_page_up(self) -> None:
        page = self.page_height
        self._scroll_to_line(self.scroll_offset.y - page)
        self.move_cursor(self._cursor - page)

    def action_cursor_top(self) -> None:
        self.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key, self._cursor))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:  # the header (or the gutter)
            return
        position = self.scroll_offset.y + offset.y - 1
        if position >= self.row_count:
            return
        event.stop()
        if position == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(position)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._measure_window()

    def _on_resize(self, event: events.Resize) -> None:
        self._measure_window()
        self._ensure_cursor_visible()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_line(self._cursor + 1)  # the cursor's colours depend on focus

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh_line(self._cursor + 1)

    # --- drawing ----------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """Line `y` of the widget: the header on top, then the row `scroll_y + y - 1`."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            header = self.get_component_rich_style("virtual-table--header")
            return self._strip(tuple(c.label for c in self._columns), None, header).crop_extend(
                scroll_x, scroll_x + width, header
            )
        position = scroll_y + y - 1
        base = self.rich_style
        if position >= self.row_count:
            return Strip.blank(width, base)
        cells = self.get_row_at(position)
        if position == self._cursor:
            cursor = base + self.get_component_rich_style("virtual-table--cursor")
            return self._strip(cells, None, cursor).crop_extend(scroll_x, scroll_x + width, cursor)
        return self._strip(cells, base, base).crop_extend(scroll_x, scroll_x + width, base)

    def _strip(self, cells: Sequence[str], toned: Style | None, style: Style) -> Strip:
        """One row laid out in the columns; cells get their tone over `toned` when given (the
        cursor row and the header are drawn in one style so they stay legible on every theme)."""
        segments: list[Segment] = []
        padded = _padded(cells, self._columns)
        for column, width, text in zip(self._columns, self._widths, padded, strict=False):
            cell_style = style
            if toned is not None and column.tone is not None:
                tone = column.tone(text)
                if tone is not None:
                    cell_style = toned + self._tone_style(tone)
            segments.append(Segment(f" {fit(text, width)} ", cell_style))
        return Strip(segments, sum(w + 2 for w in self._widths)).simplify()

    def _tone_style(self, tone: str) -> Style:
        return self.get_component_rich_style(
            f"virtual-table--{tone}", partial=True, default=Style.null()
        )


def _padded(cells: Sequence[str], columns: Sequence[Column]) -> Sequence[str]:
    """`cells` with "" for any column a short row lacks."""
    missing = len(columns) - len(cells)
    return cells if missing <= 0 else (*cells, *([""] * missing))
