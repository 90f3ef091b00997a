"""The `/` prompt above the footer: narrow the current list as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FilterBar(Horizontal):
    """A hidden one-line prompt for the filter of a list.

    Every change posts `FilterBar.Changed`; enter keeps the filter and posts `FilterBar.Closed`,
    esc clears it (a `Changed("")`) and then posts `Closed`. Whoever owns the list applies it.
    """

    FOCUS_NAME = "the filter"

    DEFAULT_CSS = """
    FilterBar {
        display: none;
        height: 1;
        background: $boost;
        #filter-prompt { width: 1; color: $accent; text-style: bold; }
        #filter-input { border: none; height: 1; padding: 0; width: 1fr; background: $boost; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter_bar.clear"),
    ]

    class Changed(Message):
        """The filter is now `text` ("" shows every row)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """The prompt was closed; the list should have the focus again."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="filter-prompt")
        yield Input(id="filter-input", placeholder="filter: text in any column")

    @property
    def input(self) -> Input:
        """The text field of the prompt."""
        return self.query_one("#filter-input", Input)

    @property
    def is_open(self) -> bool:
        """True while the prompt is shown."""
        return self.display

    def open(self, text: str = "") -> None:
        """Show the prompt holding `text` (the filter in effect), with the focus in it."""
        self.display = True
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self.input.cursor_position = len(text)
        self.screen.set_focus(self.input)  # now: keys typed right after `/` must land here

    def action_clear(self) -> None:
        """Clear the filter and close."""
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.post_message(self.Changed(""))
        self._close()

    def _close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self._close()
