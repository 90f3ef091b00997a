"""Whether the KubeFATE service answers, for the console's header line.

The remote backend sets the state from every request it makes (a transport failure: unreachable;
any HTTP answer from the service: connected) and from its change poller, which keeps asking
while panels are open. Listeners are called on the event loop when the state changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backend.models.wire import now


class ConnectionPhase(StrEnum):
    UNKNOWN = "unknown"  # nothing asked yet
    CONNECTED = "connected"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class ConnectionState:
    phase: ConnectionPhase
    reason: str = ""  # why it is unreachable
    since: datetime = field(default_factory=now, compare=False)

    @property
    def connected(self) -> bool:
        return self.phase is ConnectionPhase.CONNECTED


Listener = Callable[[ConnectionState], None]


class ConnectionMonitor:
    """The current ConnectionState and who wants to hear about changes."""

    def __init__(self) -> None:
        self._state = ConnectionState(ConnectionPhase.UNKNOWN)
        self._listeners: list[Listener] = []

    @property
    def state(self) -> ConnectionState:
        return self._state

    def connected(self) -> None:
        self._set(ConnectionState(ConnectionPhase.CONNECTED))

    def unreachable(self, reason: str) -> None:
        self._set(ConnectionState(ConnectionPhase.UNREACHABLE, reason))

    def _set(self, state: ConnectionState) -> None:
        if state == self._state:
            return
        self._state = state
        for listener in list(self._listeners):
            listener(state)

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(state)` on every change; returns the function that stops it."""
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove
