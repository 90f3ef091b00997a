"""The command palette's entries for the change actions of the screen it was opened on."""

from __future__ import annotations

from functools import partial

from kubefate_tui.actions.change_actions import ChangeActions
from kubefate_tui.listed_commands import ListedCommands, PaletteEntry


class ChangeCommands(ListedCommands):
    """`Delete cluster`, `Upload chart`...: each runs the action as its key would. In a
    read-only console they are still listed, marked disabled, and refused when chosen."""

    def entries(self) -> list[PaletteEntry]:
        screen = self.screen
        if not isinstance(screen, ChangeActions):
            return []
        help_text = "disabled: read-only console" if screen.read_only else ""
        return [
            (what[:1].upper() + what[1:], partial(screen.run_change_action, action), help_text)
            for action, what in screen.change_actions().items()
        ]
