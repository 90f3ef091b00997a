"""Create and delete users from the Users screen.

* `USER_BINDINGS`: create (`n`, `user.create`) and delete (`ctrl+d`, `user.delete`).
* `UserActions`: a mixin for a Screen that implements `selected_user()`.

No password, hash or salt is ever shown: the form masks the password, and the backend's
`User` has no field for either secret.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from backend.models import User
from kubefate_tui.actions.change_actions import ChangeActions
from kubefate_tui.actions.selection import SelectedUser
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.user_form import NewUser, UserForm

USER_BINDINGS: list[BindingType] = [
    Binding("n", "create_user", "New user", id="user.create"),
    Binding("ctrl+d", "delete_user", "Delete", id="user.delete"),
]


class UserActions(ChangeActions):
    """Mixin: the user actions of a screen that can say which user is selected."""

    CHANGES: ClassVar[dict[str, str]] = {
        "create_user": "create user",
        "delete_user": "delete user",
    }

    def selected_user(self) -> SelectedUser | None:
        """The user the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_create_user(self) -> None:
        """Create a user from a form."""
        self.begin_change("create_user", self._create_user)

    async def action_delete_user(self) -> None:
        """Delete the selected user (not the one the console acts as: the backend refuses)."""
        self.begin_change("delete_user", self._delete_user)

    async def _create_user(self) -> None:
        backend = self.actions_backend

        async def create(new_user: NewUser) -> User:
            return await backend.create_user(new_user.username, new_user.password, new_user.email)

        user = await self.ask(UserForm(create))
        if user is None:
            return
        self.say(f"user {user.username} created", title="create user")
        self.show_change()

    async def _delete_user(self) -> None:
        selected = self.selected_user()
        if selected is None:
            self.say("no user selected", severity="warning", title="delete user")
            return
        question = f"Delete user {selected.username}? Their sessions stop working at once."
        dialog = ConfirmDialog("Delete user", question, confirm_label="Delete", danger=True)
        if not await self.ask(dialog):
            return
        await self.actions_backend.delete_user(selected.uuid)
        self.say(f"user {selected.username} deleted", title="delete user")
        self.show_change()
