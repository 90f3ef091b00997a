"""A yes/no question whose safe answer (No) is focused, so `enter` and `esc` change nothing."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kubefate_tui.dialogs.dialog_screen import DialogScreen


class ConfirmDialog(DialogScreen[bool]):
    """Ask `question`; True only when the user presses the confirm button.

    `details` are lines shown under the question (what will happen, warnings). `danger` draws
    the dialog in the error colour and the confirm button as a warning.
    """

    DEFAULT_CSS = """
    ConfirmDialog #confirm-details { height: auto; max-height: 16; margin-top: 1; }
    ConfirmDialog #confirm-details Static { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        question: str,
        *,
        confirm_label: str = "Yes",
        cancel_label: str = "No",
        details: Sequence[str] = (),
        danger: bool = False,
    ) -> None:
        super().__init__(cancel_result=False)
        self.title_text = title
        self.question = question
        self.confirm_label = confirm_label
        self.cancel_label = cancel_label
        self.details = tuple(details)
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = "esc cancels"
            yield Static(self.question, id="confirm-question", markup=False)
            if self.details:
                with VerticalScroll(id="confirm-details"):
                    for line in self.details:
                        yield Static(line, markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.cancel_label, id="cancel")
                yield Button(
                    self.confirm_label, variant="error" if self.danger else "primary", id="confirm"
                )

    def on_mount(self) -> None:
        self.set_class(self.danger, "-danger")
        self.query_one("#cancel", Button).focus()  # the safe choice is the default

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")
