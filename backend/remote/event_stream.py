"""Reading a `text/event-stream` (server-sent events, as the HTML standard defines the format):
lines of `field: value`, an event dispatched at each blank line, `:` lines are comments."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerEvent:
    """One dispatched event; `last_id` is the stream's last event id once it arrived."""

    event: str
    data: str
    last_id: str


async def server_events(lines: AsyncIterable[str], last_id: str = "") -> AsyncIterator[ServerEvent]:
    """The events of a stream given line by line (without line ends)."""
    kind, data = "", list[str]()
    async for line in lines:
        if not line:
            if data or kind:
                yield ServerEvent(kind or "message", "\n".join(data), last_id)
            kind, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            kind = value
        elif name == "data":
            data.append(value)
        elif name == "id" and "\0" not in value:
            last_id = value
