"""The `:` prompt at the bottom of the screen, as in k9s: type a command, enter runs it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Static


class CommandLine(Horizontal):
    """A hidden one-line prompt; `open()` shows and focuses it, esc or enter closes it.

    It does not interpret commands: enter posts `CommandLine.Submitted` with the text (without
    a leading `:`), which bubbles up to whoever runs commands (the App).
    """

    DEFAULT_CSS = """
    CommandLine {
        display: none;
        dock: bottom;
        height: 1;
        background: $boost;
        #command-prompt { width: 1; color: $accent; text-style: bold; }
        #command-input { border: none; height: 1; padding: 0; width: 1fr; background: $boost; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="command_line.close")
    ]

    class Submitted(Message):
        """The user entered `command` (stripped, without the leading `:`)."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def __init__(self, commands: Sequence[str]) -> None:
        super().__init__()
        self.commands = tuple(commands)
        self._return_focus: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(":", id="command-prompt")
        yield Input(
            id="command-input",
            placeholder=" ".join(self.commands),
            suggester=SuggestFromList(self.commands, case_sensitive=False),
        )

    @property
    def input(self) -> Input:
        """The text field of the prompt."""
        return self.query_one("#command-input", Input)

    @property
    def is_open(self) -> bool:
        """True while the prompt is shown."""
        return self.display

    def open(self) -> None:
        """Show the prompt, empty, with the focus in it."""
        self._return_focus = self.screen.focused
        self.display = True
        self.input.value = ""
        self.input.focus()

    def action_close(self) -> None:
        """Hide the prompt and give the focus back to where it was."""
        self.display = False
        target, self._return_focus = self._return_focus, None
        if target is not None and target.is_attached:
            target.focus()

    @on(Input.Submitted, "#command-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        command = event.value.strip().removeprefix(":").strip()
        self.action_close()
        if command:
            self.post_message(self.Submitted(command))
