"""The form of a new user: username, password (masked, typed twice), email.

Each field's problem is said under it; the form closes only when there is none. The username
and password rules are the backend's (backend.models.account_rules), asked here so the form
says what the backend would refuse, field by field. The form itself sends the user (through the
`create` it is given) and stays open when the backend refuses, with the reason beside the field
and everything typed still there. The password never appears on screen, and nothing here ever
sees a hash or a salt (the backend keeps them).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from backend.errors import BackendError, Conflict
from backend.models import User
from backend.models.account_rules import password_problem, username_problem
from kubefate_tui.dialogs.dialog_screen import DialogScreen
from kubefate_tui.formatting.error_text import error_text

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


CreateUser = Callable[[NewUser], Awaitable[User]]
"""Sends a new user to the backend; raises BackendError when it is refused."""


def refusal_problems(new_user: NewUser, error: BackendError) -> dict[str, str]:
    """Where the form says why the backend refused `new_user`, in plain words."""
    if isinstance(error, Conflict):  # KubeFATE says "User is existed."
        return {"username": f"username: a user named {new_user.username!r} already exists"}
    return {"form": f"not created: {error_text(error)}"}


class UserForm(DialogScreen[User | None]):
    """Creates a user with `create`; the user created, or None when the user cancels. `enter`
    in a field sends the form."""

    DEFAULT_CSS = """
    UserForm Label { margin-top: 1; }
    UserForm #dialog > Label:first-child { margin-top: 0; }
    """

    def __init__(self, create: CreateUser) -> None:
        super().__init__(cancel_result=None)
        self.create = create

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = "New user"
            frame.border_subtitle = "enter creates · esc cancels"
            for field in FIELDS:
                yield Label(LABELS[field])
                yield Input(id=field, password=field in ("password", "repeat"))
                yield Static("", classes="field-message", id=f"{field}-message", markup=False)
            yield Static("", classes="field-message", id="form-message", markup=False)
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
        for field in (*FIELDS, "form"):
            self.show_field_message(f"{field}-message", problems.get(field, ""))
        wrong = next((field for field in FIELDS if field in problems), None)
        if wrong is not None:
            self.query_one(f"#{wrong}", Input).focus()

    def submit(self) -> None:
        """Send the user if every field is right; else say what is wrong where."""
        username, password = self.value("username"), self.value("password")
        repeat, email = self.value("repeat"), self.value("email").strip()
        problems = user_problems(username, password, repeat, email)
        self._show(problems)
        if not problems:
            new_user = NewUser(username, password, email)
            self.run_worker(self._send(new_user), group="user-form", exclusive=True)

    async def _send(self, new_user: NewUser) -> None:
        """Create the user; on a refusal stay open and say why, beside the field it is about."""
        button = self.query_one("#create", Button)
        button.disabled = True
        try:
            user = await self.create(new_user)
        except BackendError as error:
            self._show(refusal_problems(new_user, error))
            return
        finally:
            button.disabled = False
        self.dismiss(user)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.submit()
        else:
            self.dismiss(None)
