"""The Users mode: the accounts of the KubeFATE service, as `kubefate user list`.

New user (`n`) and delete (`ctrl+d`); no password, hash or salt is ever on screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import User
from kubefate_tui.actions.selection import SelectedUser, row_at_cursor
from kubefate_tui.actions.user_actions import USER_BINDINGS, UserActions
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of


def user_row(user: User) -> TableRow:
    """Uuid, username, email and status of a user; `User` has no secrets to show."""
    return TableRow(user.uuid, (user.uuid, user.username, user.email, user.status.value))


class UsersScreen(UserActions, ResourceScreen):
    """Every user account."""

    MODE = "users"
    HEADING = heading_of(MODE)
    COLUMNS = ("UUID", "USERNAME", "EMAIL", "STATUS")
    KINDS = frozenset({EntityKind.USER})
    BINDINGS: ClassVar[list[BindingType]] = USER_BINDINGS

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [user_row(user) for user in await backend.list_users()]

    def selected_user(self) -> SelectedUser | None:
        row = row_at_cursor(self.panel)
        if row is None:
            return None
        uuid, (_, username, *_rest) = row
        return SelectedUser(uuid, username)
