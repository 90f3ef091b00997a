"""Ask for one value, checked as it is typed; the rule that fails is said under the field."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kubefate_tui.dialogs.dialog_screen import DialogScreen

Check = Callable[[str], str | None]
"""What is wrong with a value (a message naming the field and the rule), or None."""


class PromptDialog(DialogScreen[str | None]):
    """The value typed, once `check` accepts it; None when the user cancels."""

    def __init__(
        self, title: str, prompt: str, check: Check, *, ok_label: str = "OK", placeholder: str = ""
    ) -> None:
        super().__init__(cancel_result=None)
        self.title_text = title
        self.prompt = prompt
        self.check = check
        self.ok_label = ok_label
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = "enter confirms · esc cancels"
            yield Static(self.prompt, markup=False)
            yield Input(placeholder=self.placeholder, id="prompt-value")
            yield Static("", classes="field-message", id="prompt-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.ok_label, variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def message(self) -> str:
        """The problem shown under the field ("" when none)."""
        return self.field_message("prompt-message")

    def _say(self, text: str | None) -> None:
        self.show_field_message("prompt-message", text or "")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._say(self.check(event.value) if event.value else None)

    def _submit(self) -> None:
        value = self.query_one(Input).value
        problem = self.check(value)
        self._say(problem)
        if problem is None:
            self.dismiss(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)
