"""Change events: how panels learn, without polling, that something in the backend changed.

The backend publishes an event after the change is committed (never before), so whatever a
subscriber reloads is already durable. Each subscriber has a bounded queue; one that falls too
far behind gets a single `RESYNC` event instead of the backlog and should reload what it shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Self


class EntityKind(StrEnum):
    CLUSTER = "cluster"
    JOB = "job"
    CHART = "chart"
    USER = "user"
    ALL = "all"  # only with RESYNC


class ChangeAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    RESYNC = "resync"


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    kind: EntityKind
    action: ChangeAction
    uuid: str


RESYNC = ChangeEvent(EntityKind.ALL, ChangeAction.RESYNC, "")


class Subscription:
    """An async iterator of events; use as `async with bus.subscribe() as events:`."""

    def __init__(self, bus: EventBus, capacity: int) -> None:
        self._bus = bus
        self._queue: asyncio.Queue[ChangeEvent] = asyncio.Queue(capacity)

    def _offer(self, event: ChangeEvent) -> None:
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            while not self._queue.empty():
                self._queue.get_nowait()
            self._queue.put_nowait(RESYNC)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> ChangeEvent:
        return await self._queue.get()

    def pending(self) -> int:
        return self._queue.qsize()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._bus._subscribers.discard(self)


class EventBus:
    DEFAULT_CAPACITY = 1024

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._listeners: list[Callable[[ChangeEvent], None]] = []

    def subscribe(self, capacity: int = DEFAULT_CAPACITY) -> Subscription:
        subscription = Subscription(self, capacity)
        self._subscribers.add(subscription)
        return subscription

    def listen(self, listener: Callable[[ChangeEvent], None]) -> Callable[[], None]:
        """Call `listener` with every event as it is published (no queue, so nothing is ever
        dropped: the served change feed numbers each one); returns the function that stops."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def publish(self, event: ChangeEvent) -> None:
        for subscription in list(self._subscribers):
            subscription._offer(event)
        for listener in list(self._listeners):
            listener(event)
