"""Held log lines on screen, drawing only the rows in view (Textual's line API).

Lines come from a `HeldLines`; after changing it, call `lines_changed` (new lines at the end,
old ones dropped at the start) or `relayout` (anything else). With wrap on, each line takes as
many rows as it needs at the current width: the row each line starts at is kept in a list that
grows with the lines and is cut at the front when lines are dropped, so a follow never lays out
the whole buffer again. Search matches are drawn in the theme's match style, the line of the
current match in the cursor style; the `[pod container] ` prefix is muted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kubefate_tui.widgets.logs.log_lines import HeldLines

Piece = tuple[int, int, Style]
"""A run of a line's characters [start, end) and how it is drawn."""


def text_width(text: str) -> int:
    """How many cells `text` takes on screen."""
    return len(text) if text.isascii() else cell_len(text)


def wrap_offsets(text: str, width: int) -> list[int]:
    """Where each row of `text` starts when hard-wrapped at `width` cells (always [0, ...])."""
    width = max(1, width)
    if text.isascii():
        return list(range(0, max(1, len(text)), width))
    offsets, used = [0], 0
    for index, character in enumerate(text):
        size = get_character_cell_size(character)
        if used + size > width and used:
            offsets.append(index)
            used = 0
        used += size
    return offsets


def row_count(text: str, width: int) -> int:
    """How many rows `text` takes when hard-wrapped at `width` cells."""
    if text.isascii():
        return max(1, -(-len(text) // max(1, width)))
    return len(wrap_offsets(text, width))


def prefix_end(text: str) -> int:
    """Where the `[pod container] ` stream prefix of a line ends (0 if it has none)."""
    if not text.startswith("["):
        return 0
    close = text.find("] ")
    return close + 2 if 0 < close < 200 and " " in text[1:close] else 0


class LogView(ScrollView, can_focus=True, inherit_bindings=False):
    """A scrollable view of held log lines with wrap, search highlights and a filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "line_up", "Line up", show=False, id="logs.line_up"),
        Binding("down,j", "line_down", "Line down", show=False, id="logs.line_down"),
        Binding("left", "column_left", "Scroll left", show=False, id="logs.left"),
        Binding("right", "column_right", "Scroll right", show=False, id="logs.right"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="logs.page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="logs.page_down"),
        Binding("home,g", "top", "Oldest line", show=False, id="logs.top"),
        Binding("end,G", "bottom", "Newest line (resumes autoscroll)", show=False, id="logs.end"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "log-view--prefix",
        "log-view--match",
        "log-view--current",
    }

    DEFAULT_CSS = """
    LogView {
        height: 1fr;
        scrollbar-gutter: stable;  /* a scrollbar coming or going must not change the wrap width */
        background: $surface;
        color: $foreground;
        & > .log-view--prefix { color: $text-muted; }
        & > .log-view--match { background: $warning 70%; color: $foreground; text-style: bold; }
        & > .log-view--current { background: $block-cursor-blurred-background; }
        &:focus > .log-view--current { background: $block-cursor-background 40%; }
        &:ansi > .log-view--match { background: ansi_yellow; color: ansi_black; }
    }
    """

    class EndReached(Message):
        """The newest line came into view or left it (autoscroll resumes or pauses)."""

    def __init__(self, lines: HeldLines, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = lines
        self._wrap = False
        self._filtering = False
        self.current: int | None = None
        """The number of the line of the current search match (drawn as a cursor)."""
        self._widest = 0  # cells of the widest line laid out (no wrap: the virtual width)
        self._numbers: list[int] = []  # wrap: the numbers of the lines laid out, in order
        self._starts: list[int] = []  # wrap: the row each starts at (minus _base: on screen)
        self._base = 0  # wrap: the rows of lines dropped since the layout began
        self._end_row = 0  # wrap: one past the last row laid out (absolute, like _starts)
        self._layout_width = 0  # wrap: the width the rows were laid out for
        self._synced_first = 0  # lines.first_number when the view last took the lines in
        self._synced_end = 0  # lines.end_number then
        self._synced_shown = 0  # shown_count then
        self._was_at_end = True

    # --- state ------------------------------------------------------------------------------------
    @property
    def wrap(self) -> bool:
        """Whether long lines continue on the next rows (else the view scrolls sideways)."""
        return self._wrap

    @wrap.setter
    def wrap(self, value: bool) -> None:
        if value != self._wrap:
            number = self.top_number()
            self._wrap = value
            self.relayout()
            self.scroll_to_number(number, where="top")

    @property
    def filtering(self) -> bool:
        """Whether only the lines matching the search are shown."""
        return self._filtering

    @filtering.setter
    def filtering(self, value: bool) -> None:
        if value != self._filtering:
            self._filtering = value
            self.relayout()

    @property
    def shown_count(self) -> int:
        """How many lines are shown (all held, or those matching while filtering)."""
        return len(self.lines.matches) if self._filtering else len(self.lines)

    def shown_number(self, position: int) -> int:
        """The number of the line shown at `position` among those shown."""
        if self._filtering:
            return self.lines.matches[position]
        return self.lines.first_number + position

    def shown_position(self, number: int) -> int | None:
        """Where line `number` is among those shown; None if it is not shown."""
        if self._filtering:
            matches = self.lines.matches
            slot = bisect_left(matches, number)
            return slot if slot < len(matches) and matches[slot] == number else None
        return self.lines.index_of(number)

    @property
    def at_end(self) -> bool:
        """Whether the newest line is in view (a follow then keeps it in view)."""
        return self.scroll_offset.y >= self.max_scroll_y

    def _numbers_after(self, number: int) -> list[int]:
        """The numbers of the shown lines after line `number`."""
        if self._filtering:
            matches = self.lines.matches
            return list(matches[bisect_right(matches, number) :])
        return list(range(max(number + 1, self.lines.first_number), self.lines.end_number))

    def _text(self, number: int) -> str:
        index = self.lines.index_of(number)
        return "" if index is None else self.lines[index]

    # --- layout -----------------------------------------------------------------------------------
    def relayout(self) -> None:
        """Lay every shown line out again (after a clear, a new search while filtering, a wrap
        toggle or a new width)."""
        self._widest = 0
        self._numbers, self._starts = [], []
        self._base = self._end_row = 0
        self._layout_width = self._wrap_width()
        self._add_lines(self._numbers_after(-1))
        self._mark_synced()
        self._update_virtual_size()
        self.refresh()

    def lines_changed(self, *, keep_end_in_view: bool) -> None:
        """Take in lines added at the end and dropped at the start of the held lines.

        With `keep_end_in_view` the view scrolls to the newest line; otherwise what is on
        screen stays put (rows of dropped lines are taken off the scroll position).
        """
        dropped_rows = self._forget_dropped()
        self._add_lines(self._numbers_after(self._synced_end - 1))
        self._mark_synced()
        self._update_virtual_size()
        if keep_end_in_view:
            self._scroll_to_row(self.max_scroll_y)
        elif dropped_rows:
            self._scroll_to_row(self.scroll_offset.y - dropped_rows)
        self.refresh()

    def _mark_synced(self) -> None:
        self._synced_first = self.lines.first_number
        self._synced_end = self.lines.end_number
        self._synced_shown = self.shown_count

    def _forget_dropped(self) -> int:
        """Forget the lines no longer held; return how many rows they took."""
        if self._wrap:
            cut = bisect_left(self._numbers, self.lines.first_number)
            if not cut:
                return 0
            new_base = self._starts[cut] if cut < len(self._starts) else self._end_row
            rows = new_base - self._base
            del self._numbers[:cut]
            del self._starts[:cut]
            self._base = new_base
            return rows
        if not self._filtering:
            return self.lines.first_number - self._synced_first
        matches = self.lines.matches
        new_matches = len(matches) - bisect_left(matches, self._synced_end)
        return self._synced_shown + new_matches - len(matches)

    def _add_lines(self, numbers: list[int]) -> None:
        """Measure (and with wrap, lay out) the lines `numbers`, which follow those laid out."""
        width = self._layout_width
        for number in numbers:
            text = self._text(number)
            if self._wrap:
                self._numbers.append(number)
                self._starts.append(self._end_row)
                self._end_row += row_count(text, width)
            else:
                self._widest = max(self._widest, text_width(text))

    def _wrap_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _update_virtual_size(self) -> None:
        if self._wrap:
            self.virtual_size = Size(self._layout_width, self._end_row - self._base)
        else:
            self.virtual_size = Size(self._widest, self.shown_count)

    def _on_resize(self, event: events.Resize) -> None:
        if self._wrap and self._wrap_width() != self._layout_width:
            number = self.top_number()
            end = self.at_end
            self.relayout()
            if end:
                self._scroll_to_row(self.max_scroll_y)
            else:
                self.scroll_to_number(number, where="top")

    # --- rows and numbers -------------------------------------------------------------------------
    def row_of(self, number: int) -> int | None:
        """The first row line `number` is drawn on (None when it is not shown)."""
        if not self._wrap:
            return self.shown_position(number)
        slot = bisect_left(self._numbers, number)
        if slot < len(self._numbers) and self._numbers[slot] == number:
            return self._starts[slot] - self._base
        return None

    def _line_at_row(self, row: int) -> tuple[int, int] | None:
        """(line number, row within the line) of view row `row`."""
        if not self._wrap:
            if not 0 <= row < self.shown_count:
                return None
            return self.shown_number(row), 0
        absolute = row + self._base
        if not self._numbers or not self._base <= absolute < self._end_row:
            return None
        slot = bisect_right(self._starts, absolute) - 1
        return self._numbers[slot], absolute - self._starts[slot]

    def top_number(self) -> int | None:
        """The number of the line at the top of the view."""
        found = self._line_at_row(self.scroll_offset.y)
        return None if found is None else found[0]

    def scroll_to_number(self, number: int | None, *, where: str = "center") -> None:
        """Scroll line `number` into view: at the `top`, or in the `center` if it is not
        already on screen."""
        if number is None:
            return
        row = self.row_of(number)
        if row is None:
            return
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if where == "top":
            self._scroll_to_row(row)
        elif not top <= row < top + height:
            self._scroll_to_row(row - height // 2)

    def _scroll_to_row(self, row: int) -> None:
        if self.is_attached:
            self.scroll_to(y=max(0, row), animate=False, force=True, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_end()

    def _check_end(self) -> None:
        at_end = self.at_end
        if at_end != self._was_at_end:
            self._was_at_end = at_end
            self.post_message(self.EndReached())

    # --- actions ----------------------------------------------------------------------------------
    def action_line_up(self) -> None:
        self._scroll_to_row(self.scroll_offset.y - 1)

    def action_line_down(self) -> None:
        self._scroll_to_row(self.scroll_offset.y + 1)

    def action_page_up(self) -> None:
        self._scroll_to_row(self.scroll_offset.y - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self._scroll_to_row(self.scroll_offset.y + self.scrollable_content_region.height)

    def action_top(self) -> None:
        self._scroll_to_row(0)

    def action_bottom(self) -> None:
        self._scroll_to_row(self.max_scroll_y)

    def action_column_left(self) -> None:
        self.scroll_to(x=self.scroll_offset.x - 4, animate=False, immediate=True)

    def action_column_right(self) -> None:
        self.scroll_to(x=self.scroll_offset.x + 4, animate=False, immediate=True)

    # --- drawing ----------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """Row `y` of the view: a line (or, with wrap, one row of a wrapped line)."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        found = self._line_at_row(scroll_y + y)
        if found is None:
            return Strip.blank(width, base)
        number, part = found
        text = self._text(number)
        line_style = base
        if number == self.current:
            line_style = base + self.get_component_rich_style("log-view--current")
        pieces = self._pieces(text, line_style)
        if not self._wrap:
            strip = Strip(_segments(text, pieces, 0, len(text)), text_width(text))
            return strip.crop_extend(scroll_x, scroll_x + width, line_style)
        offsets = wrap_offsets(text, self._layout_width)
        start = offsets[part] if part < len(offsets) else len(text)
        end = offsets[part + 1] if part + 1 < len(offsets) else len(text)
        chunk = text[start:end]
        strip = Strip(_segments(text, pieces, start, end), text_width(chunk))
        return strip.extend_cell_length(width, line_style).crop(0, width)

    def _pieces(self, text: str, line_style: Style) -> list[Piece]:
        """How each run of `text` is drawn: the stream prefix muted, search matches marked."""
        prefix = prefix_end(text)
        spans = self.lines.match_spans(text)
        if not prefix and not spans:
            return [(0, len(text), line_style)]
        muted = line_style + self.get_component_rich_style("log-view--prefix", partial=True)
        match = line_style + self.get_component_rich_style("log-view--match", partial=True)
        cuts = sorted({0, len(text), prefix, *(edge for span in spans for edge in span)})
        pieces: list[Piece] = []
        slot = 0
        for start, end in pairwise(cuts):
            while slot < len(spans) and spans[slot][1] <= start:
                slot += 1
            if slot < len(spans) and spans[slot][0] <= start:
                pieces.append((start, end, match))
            else:
                pieces.append((start, end, muted if end <= prefix else line_style))
        return pieces


def _segments(text: str, pieces: list[Piece], start: int, end: int) -> list[Segment]:
    """The segments of `text[start:end]` drawn as `pieces` say."""
    segments = []
    for begin, stop, style in pieces:
        begin, stop = max(begin, start), min(stop, end)
        if begin < stop:
            segments.append(Segment(text[begin:stop], style))
    return segments
