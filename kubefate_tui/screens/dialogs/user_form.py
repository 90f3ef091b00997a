"""The form of a new user: username, password (masked, typed twice), email.

Each field's problem is said under it; the form closes only when there is none. The username
and password rules are the backend's (backend.models.account_rules), asked here so the form
says what the backend would refuse, field by field. The password never appears on screen, and
nothing here ever sees a hash or a salt (the backend keeps them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from backend.models.account_rules import password_problem, username_problem
from kubefate_tui.screens.dialogs.dialog_screen import DialogScreen

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")

FIELDS = ("username", "password", "repeat", "email")
LABELS = {
    "username": "Username",
    "password": "Password",
    "repeat": "Repeat password",
    "email": "Email (optional)",
}


@dataclass(frozen=True, slots=True)
class NewUser:
    """What the form gathered."""

    username: str
    password: str
    email: str


def user_problems(username: str, password: str, repeat: str, email: str) -> dict[str, str]:
    """Field id -> what is wrong with it (empty when the form may be sent)."""
    problems: dict[str, str] = {}
    if said := username_problem(username):
        problems["username"] = said
    if said := password_problem(password):
        problems["password"] = said
    if repeat != password:
        problems["repeat"] = "repeat password: does not match the password"
    if email and not _EMAIL.fullmatch(email):
        problems["email"] = f"email: {email!r} is not an address like name@example.com"
    return problems


class UserForm(DialogScreen[NewUser | None]):
    """A new user's details, or None when the user cancels. `enter` in a field sends the form."""

    DEFAULT_CSS = """
    UserForm Label { margin-top: 1; }
    UserForm #dialog > Label:first-child { margin-top: 0; }
    """

    def __init__(self) -> None:
        super().__init__(cancel_result=None)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = "New user"
            frame.border_subtitle = "enter creates · esc cancels"
            for field in FIELDS:
                yield Label(LABELS[field])
                yield Input(id=field, password=field in ("password", "repeat"))
                yield Static("", classes="field-message", id=f"{field}-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create", variant="primary", id="create")

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()

    def value(self, field: str) -> str:
        """The text in one field."""
        return self.query_one(f"#{field}", Input).value

    def message(self, field: str) -> str:
        """The problem said under one field ("" when none)."""
        return self.field_message(f"{field}-message")

    def _show(self, problems: dict[str, str]) -> None:
        for field in FIELDS:
            self.show_field_message(f"{field}-message", problems.get(field, ""))

    def submit(self) -> None:
        """Close with the details if every field is right; else say what is wrong where."""
        username, password = self.value("username"), self.value("password")
        repeat, email = self.value("repeat"), self.value("email").strip()
        problems = user_problems(username, password, repeat, email)
        self._show(problems)
        if problems:
            self.query_one(f"#{next(iter(problems))}", Input).focus()
            return
        self.dismiss(NewUser(username, password, email))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.submit()
        else:
            self.dismiss(None)
