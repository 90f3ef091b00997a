"""A deletion that must be confirmed by typing the object's exact name (k9s users asked for it).

The Delete button stays disabled until the name is typed exactly; `enter` on anything else
never deletes (on an empty field it cancels), and `esc` cancels.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kubefate_tui.dialogs.dialog_screen import DialogScreen


class TypedNameDialog(DialogScreen[bool]):
    """True when the user typed `name` and confirmed; False otherwise."""

    DEFAULT_CSS = """
    TypedNameDialog #typed-name { margin-top: 1; }
    """

    def __init__(self, title: str, explanation: str, name: str, *, action_label: str) -> None:
        super().__init__(cancel_result=False)
        self.title_text = title
        self.explanation = explanation
        self.expected = name
        self.action_label = action_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = "esc cancels"
            yield Static(self.explanation, markup=False)
            yield Static(f"Type {self.expected} to confirm:", markup=False)
            yield Input(placeholder=self.expected, id="typed-name")
            yield Static("", classes="field-message", id="typed-name-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.action_label, variant="error", id="confirm", disabled=True)

    def on_mount(self) -> None:
        self.add_class("-danger")
        self.query_one(Input).focus()

    @property
    def name_matches(self) -> bool:
        """True when the field holds exactly the expected name."""
        return self.query_one(Input).value == self.expected

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#confirm", Button).disabled = not self.name_matches
        self._hint("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.name_matches:
            self.dismiss(True)
        elif not event.value:
            self.dismiss(False)  # enter on the empty field: the safe default
        else:
            self._hint(f"that is not the name: type {self.expected} exactly, or esc to cancel")

    @property
    def hint(self) -> str:
        """The hint shown under the field ("" when none)."""
        return self.field_message("typed-name-message")

    def _hint(self, text: str) -> None:
        self.show_field_message("typed-name-message", text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm" and self.name_matches)
