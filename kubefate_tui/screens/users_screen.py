"""The Users mode: the accounts of the KubeFATE service, as `kubefate user list`."""

from __future__ import annotations

from datetime import datetime

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import User
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.resource_panel import TableRow


def user_row(user: User) -> TableRow:
    """Uuid, username, email and status of a user; `User` has no secrets to show."""
    return TableRow(user.uuid, (user.uuid, user.username, user.email, user.status.value))


class UsersScreen(ResourceScreen):
    """Every user account."""

    MODE = "users"
    HEADING = "Users"
    COLUMNS = ("UUID", "USERNAME", "EMAIL", "STATUS")
    KINDS = frozenset({EntityKind.USER})

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [user_row(user) for user in await backend.list_users()]
