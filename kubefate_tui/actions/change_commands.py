"""The command palette's entries for the change actions of the screen it was opened on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from kubefate_tui.actions.change_actions import ChangeActions


class ChangeCommands(Provider):
    """`Delete cluster`, `Upload chart`...: each runs the action as its key would. In a
    read-only console they are still listed, marked disabled, and refused when chosen."""

    def _commands(self) -> list[tuple[str, Callable[[], Awaitable[None]], str]]:
        screen = self.screen
        if not isinstance(screen, ChangeActions):
            return []
        help_text = "disabled: read-only console" if screen.read_only else ""
        return [
            (what[:1].upper() + what[1:], partial(screen.run_change_action, action), help_text)
            for action, what in screen.change_actions().items()
        ]

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
