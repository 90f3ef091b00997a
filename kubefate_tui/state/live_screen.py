"""What a screen does to follow the backend's change events (the app calls it on each event)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from backend.events import ChangeEvent


@runtime_checkable
class LiveScreen(Protocol):
    """A screen that reloads what it shows when an event concerns it."""

    def is_changed_by(self, event: ChangeEvent) -> bool:
        """True when `event` may change what the screen shows (RESYNC: always)."""
        ...

    def request_reload(self) -> None:
        """Load again, now or as soon as the load in progress ends (coalesced)."""
        ...
