"""A command palette provider over a plain list of (title, callback, help) entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteEntry = tuple[str, Callable[[], Any], str]
"""What the palette shows (title), runs (callback) and explains (help)."""


class ListedProvider(Provider):
    """Offers `entries()` when the palette opens and matches them as the user types."""

    def entries(self) -> list[PaletteEntry]:
        """The commands that fit where the palette was opened."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, callback, help_text in self.entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
