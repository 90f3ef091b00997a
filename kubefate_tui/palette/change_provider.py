"""The command palette's entries for the change actions of the screen it was opened on."""

from __future__ import annotations

from collections.abc import Awaitable
from functools import partial
from typing import Protocol, runtime_checkable

from kubefate_tui.palette.listed_provider import ListedProvider, PaletteEntry


@runtime_checkable
class ChangeMenu(Protocol):
    """A screen with change actions (`actions.change_actions.ChangeActions`), as the palette
    sees it: the palette is imported by that class, so it cannot import it back."""

    @property
    def read_only(self) -> bool:
        """True in a read-only console."""

    def change_actions(self) -> dict[str, str]:
        """Action name -> what it does, in words."""

    def run_change_action(self, action: str) -> Awaitable[None]:
        """Run the action as its key would."""


class ChangeProvider(ListedProvider):
    """`Delete cluster`, `Upload chart`...: each runs the action as its key would. In a
    read-only console they are still listed, marked disabled, and refused when chosen."""

    def entries(self) -> list[PaletteEntry]:
        screen = self.screen
        if not isinstance(screen, ChangeMenu):
            return []
        help_text = "disabled: read-only console" if screen.read_only else ""
        return [
            (what[:1].upper() + what[1:], partial(screen.run_change_action, action), help_text)
            for action, what in screen.change_actions().items()
        ]
