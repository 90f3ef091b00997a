"""The `:` prompt above the footer, as in k9s: type a command, enter runs it.

Tab completes the command word or its argument (again: the next completion), right accepts the
grey suggestion, up and down recall earlier commands (kept across runs, see
kubefate_tui.settings.command_history).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Static

from kubefate_tui.settings.command_history import tidy

Completer = Callable[[str], list[str]]
"""Whole command lines completing a partial one, best first."""


def _no_completions(text: str) -> list[str]:
    return []


class _CompletionSuggester(Suggester):
    """Suggests the first completion; no cache, as the names it completes change."""

    def __init__(self, completer: Completer) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.completer = completer

    async def get_suggestion(self, value: str) -> str | None:
        found = self.completer(value)
        return found[0] if found else None


class CommandLine(Horizontal):
    """A hidden one-line prompt; `open()` shows and focuses it, esc or enter closes it.

    It does not interpret commands: enter posts `CommandLine.Submitted` with the text (without
    a leading `:`), which bubbles up to whoever runs commands (the App). `history` is a list
    shared by the prompts of every screen (newest last); this prompt appends what is entered.
    """

    FOCUS_NAME = "the command line"

    DEFAULT_CSS = """
    CommandLine {
        display: none;
        height: 1;
        background: $boost;
        #command-prompt { width: 1; color: $accent; text-style: bold; }
        #command-input { border: none; height: 1; padding: 0; width: 1fr; background: $boost; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="command_line.close"),
        Binding("tab", "complete", "Complete", id="command_line.complete"),
        Binding("up", "history(-1)", "Previous command", id="command_line.history_back"),
        Binding("down", "history(1)", "Next command", id="command_line.history_forward"),
    ]

    class Submitted(Message):
        """The user entered `command` (stripped, without the leading `:`)."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def __init__(
        self,
        commands: Sequence[str],
        *,
        history: list[str] | None = None,
        completer: Completer = _no_completions,
    ) -> None:
        super().__init__()
        self.commands = tuple(commands)
        self.history = history if history is not None else []
        self.completer = completer
        self._return_focus: Widget | None = None
        self._history_at = 0  # len(history): the line being typed, not a recalled one
        self._draft = ""
        self._cycle: tuple[list[str], int] | None = None  # completions offered by tab, and which

    def compose(self) -> ComposeResult:
        yield Static(":", id="command-prompt")
        yield Input(
            id="command-input",
            placeholder=" ".join(self.commands),
            suggester=_CompletionSuggester(lambda value: self.completer(value)),
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
        self._history_at = len(self.history)
        self._draft = ""
        self._cycle = None
        self._set_value("")
        # Now, not via `focus()` (which waits for the message queue): keys typed right after
        # `:` may already be queued, and each must reach the prompt, not the list below.
        self.screen.set_focus(self.input)

    def _set_value(self, value: str) -> None:
        self.input.value = value
        self.input.cursor_position = len(value)

    def action_close(self) -> None:
        """Hide the prompt and give the focus back to where it was."""
        self.display = False
        target, self._return_focus = self._return_focus, None
        if target is not None and target.is_attached:
            target.focus()

    def action_complete(self) -> None:
        """Complete the text; pressed again, offer the next completion of the same text."""
        value = self.input.value
        if self._cycle is not None:
            found, at = self._cycle
            if found and found[at] == value:
                at = (at + 1) % len(found)
                self._cycle = (found, at)
                self._set_value(found[at])
                return
        found = self.completer(value)
        if not found:
            self.app.bell()
            return
        self._cycle = (found, 0)
        self._set_value(found[0])

    def action_history(self, step: int) -> None:
        """Recall the previous (`step` -1) or next (+1) command; past the newest, the draft."""
        if not self.history:
            return
        if self._history_at == len(self.history):
            self._draft = self.input.value
        at = max(0, min(self._history_at + step, len(self.history)))
        if at == self._history_at:
            return
        self._history_at = at
        self._set_value(self.history[at] if at < len(self.history) else self._draft)

    @on(Input.Submitted, "#command-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        command = event.value.strip().removeprefix(":").strip()
        self.action_close()
        if command:
            self.history[:] = tidy([*self.history, command])  # as the history file keeps it
            self.post_message(self.Submitted(command))
