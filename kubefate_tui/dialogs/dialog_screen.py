"""The frame every dialog shares: a centred box over the dimmed screen; esc is the safe way out."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

ResultType = TypeVar("ResultType")


class DialogScreen(ModalScreen[ResultType], Generic[ResultType]):
    """A modal dialog whose `esc` dismisses it with `cancel_result` (nothing changes).

    Subclasses compose a `Vertical(id="dialog")` holding their content and, last, a
    `Horizontal(id="dialog-buttons")`.
    """

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
        background: $background 60%;
    }
    DialogScreen #dialog {
        width: 84;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 1 2;
    }
    DialogScreen.-danger #dialog { border: round $error; }
    DialogScreen #dialog-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    DialogScreen #dialog-buttons Button { margin-left: 2; }
    DialogScreen .field-message { color: $text-error; height: auto; display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, cancel_result: ResultType) -> None:
        super().__init__()
        self.cancel_result = cancel_result

    def field_message(self, message_id: str) -> str:
        """The text of the `.field-message` Static `message_id` ("" while it is hidden)."""
        static = self.query_one(f"#{message_id}", Static)
        return str(static.content) if static.display else ""

    def show_field_message(self, message_id: str, text: str) -> None:
        """Say `text` in the `.field-message` Static `message_id`; "" hides it."""
        static = self.query_one(f"#{message_id}", Static)
        static.update(text)
        static.display = bool(text)

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(self.cancel_result)
