"""The command palette's entries for the change actions of the screen it was opened on."""

from __future__ import annotations

from collections.abc import Awaitable
from functools import partial
from typing import Protocol, runtime_checkable

from kubefate_tui.palette.listed_provider import ListedProvider, PaletteEntry
from kubefate_tui.state.change_refusal import Refusal


@runtime_checkable
class ChangeMenu(Protocol):
    """A screen with change actions (`actions.change_actions.ChangeActions`), as the palette
    sees it: the palette is imported by that class, so it cannot import it back."""

    def change_refusal(self, action: str) -> Refusal | None:
        """Why the action cannot run here (None: it can)."""

    def change_actions(self) -> dict[str, str]:
        """Action name -> what it does, in words."""

    def run_change_action(self, action: str) -> Awaitable[None]:
        """Run the action as its key would."""


class ChangeProvider(ListedProvider):
    """`Delete cluster`, `Upload chart`...: each runs the action as its key would. One that
    cannot run here (a read-only console...) is still listed, marked disabled with the reason,
    and refused when chosen."""

    def entries(self) -> list[PaletteEntry]:
        screen = self.screen
        if not isinstance(screen, ChangeMenu):
            return []
        return [
            (
                what[:1].upper() + what[1:],
                partial(screen.run_change_action, action),
                _disabled_text(screen.change_refusal(action)),
            )
            for action, what in screen.change_actions().items()
        ]


def _disabled_text(refusal: Refusal | None) -> str:
    return "" if refusal is None else f"disabled: {refusal.reason}"
