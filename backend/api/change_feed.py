"""The served change feed (an extension: docs/kubefate-compatibility.md §3): the backend's
change events, numbered, as server-sent events.

Server-sent events rather than a WebSocket: the feed only flows one way; it is a plain GET,
so it passes the same token check, access log, proxies and TLS settings as every other route;
resuming is part of the protocol (`Last-Event-ID`); and the remote client reads it with the
HTTP client it already has (httpx), with nothing else to configure.

Every event gets the next sequence number of this process's run; an event id is
`<epoch>:<sequence>`, the epoch being new at each start, so an id from before a restart is
recognised as such. The last `capacity` events are kept: a client that reconnects with the
id of the last event it saw gets every event after it, or, when those are no longer all kept
(it fell too far behind, or the service restarted), one `resync` event, after which it should
read again what it shows. A client that reads too slowly falls behind the same way.

Frames: `hello` first (its id is the position the stream starts from when no id was given),
then `change` events (`{"kind", "action", "id"}`), `resync`, and a `: keep-alive` comment
after `keepalive` seconds without an event, so that proxies and clients see the stream alive.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from itertools import islice
from typing import Final

from backend.events import ChangeEvent, EventBus
from backend.feed_wire import CHANGE, HELLO, RESYNC_EVENT

KEEP_ALIVE: Final = ": keep-alive\n\n"
RETRY_MS: Final = 2000  # what an EventSource waits before reconnecting


@dataclass(frozen=True, slots=True)
class Numbered:
    sequence: int
    event: ChangeEvent


def change_frame(epoch: str, numbered: Numbered) -> str:
    event = numbered.event
    data = json.dumps({"kind": event.kind.value, "action": event.action.value, "id": event.uuid})
    return f"id: {epoch}:{numbered.sequence}\nevent: {CHANGE}\ndata: {data}\n\n"


class ChangeFeed:
    """Numbers the events of `bus` and hands them to streams; see the module docstring."""

    def __init__(self, bus: EventBus, *, capacity: int = 4096, epoch: str | None = None) -> None:
        self.epoch = epoch or secrets.token_hex(6)
        self._recent: deque[Numbered] = deque(maxlen=max(1, capacity))
        self._last = 0
        self._arrived = asyncio.Event()
        self._closed = False
        self._stop_listening: Callable[[], None] = bus.listen(self._record)

    @property
    def position(self) -> str:
        """The id of the last event numbered so far."""
        return f"{self.epoch}:{self._last}"

    def _record(self, event: ChangeEvent) -> None:
        self._last += 1
        self._recent.append(Numbered(self._last, event))
        arrived, self._arrived = self._arrived, asyncio.Event()
        arrived.set()

    def close(self) -> None:
        """End every stream (the server is stopping: it waits for open answers to end)."""
        self._closed = True
        self._stop_listening()
        self._arrived.set()

    def _sequence_of(self, cursor: str) -> int | None:
        epoch, _, number = cursor.strip().rpartition(":")
        if epoch != self.epoch or not number.isdigit():
            return None  # another run of the service, or not an id of ours
        return int(number)

    def after(self, sequence: int) -> list[Numbered] | None:
        """The events after `sequence`; None when they are not all kept any more."""
        if sequence == self._last:
            return []
        oldest = self._recent[0].sequence if self._recent else self._last + 1
        if sequence < oldest - 1 or sequence > self._last:
            return None
        return list(islice(self._recent, sequence - oldest + 1, None))

    async def stream(self, cursor: str | None, keepalive: float) -> AsyncIterator[str]:
        """The frames for one client, from `cursor` (an event id) or from now."""
        yield f"retry: {RETRY_MS}\nevent: {HELLO}\n"
        sequence = self._last if cursor is None else self._sequence_of(cursor)
        if cursor is None:
            yield f"id: {self.position}\n"
        yield "data: {}\n\n"
        while not self._closed:
            missed = None if sequence is None else self.after(sequence)
            if missed is None:
                sequence = self._last
                yield f"id: {self.position}\nevent: {RESYNC_EVENT}\ndata: {{}}\n\n"
                continue
            if missed:
                sequence = missed[-1].sequence
                yield "".join(change_frame(self.epoch, numbered) for numbered in missed)
                continue
            if not await self._wait(keepalive):
                yield KEEP_ALIVE

    async def _wait(self, timeout: float) -> bool:
        """True when an event arrived (or the feed closed) within `timeout` seconds."""
        try:
            await asyncio.wait_for(self._arrived.wait(), timeout)
        except TimeoutError:
            return False
        return True
