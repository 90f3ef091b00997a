"""The Users mode: the accounts of the KubeFATE service, as `kubefate user list`.

New user (`n`) and delete (`ctrl+d`); no password, hash or salt is ever on screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import User
from kubefate_tui.actions.selection import SelectedUser
from kubefate_tui.actions.user_actions import USER_BINDINGS, UserActions
from kubefate_tui.listing.user_listing import USER_LISTING
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of


class UsersScreen(UserActions, ResourceScreen[User]):
    """Every user account."""

    MODE = "users"
    HEADING = heading_of(MODE)
    LISTING = USER_LISTING
    KINDS = frozenset({EntityKind.USER})
    BINDINGS: ClassVar[list[BindingType]] = USER_BINDINGS

    async def fetch_items(self, backend: Backend) -> list[User]:
        return await backend.list_users()

    def selected_user(self) -> SelectedUser | None:
        user = self.item_at_cursor()
        return None if user is None else SelectedUser(user.uuid, user.username)
