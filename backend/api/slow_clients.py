"""Deadlines for reading a request, so a client that trickles bytes cannot hold a connection.

uvicorn has none: its keep-alive timer stops at the first byte of the next request, and a
connection that never completes its request head, or its body, stays open for as long as the
client keeps sending a byte now and then (slowloris). Enough of those exhaust the process's
file descriptors and memory. Here the request head must arrive within `head` seconds (counted
from the connection's start, or from the end of the previous answer on a kept-alive
connection), and its body within `body` seconds after the head; otherwise the connection is
closed: with `408 Request Timeout` when part of a request came and no answer has begun,
silently when nothing came (an idle connection).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Final, Literal

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

Phase = Literal["head", "body"]

_TIMEOUT_ANSWER: Final = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\n"
    b"content-length: 42\r\n\r\n"
    b"the request was not received in time: bye\n"
)


@dataclass(frozen=True, slots=True)
class ReadTimeouts:
    """Seconds a client has to send a request's head, then its body."""

    head: float = 10.0
    body: float = 60.0  # a FATE chart (~100 KB) needs a fraction of it; 64 MiB needs ~1 MiB/s

    def __post_init__(self) -> None:
        if self.head <= 0 or self.body <= 0:
            raise ValueError("read timeouts must be positive")


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request's head and body."""

    timeouts: ReadTimeouts = ReadTimeouts()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: Phase | None = None
        self._upgraded = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow_phase()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow_phase()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow_phase()

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_deadline(None)
        super().connection_lost(exc)

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        # The connection now belongs to the WebSocket protocol (which pings idle peers).
        self._upgraded = True
        self._set_deadline(None)
        super().handle_websocket_upgrade(event)

    def _follow_phase(self) -> None:
        """Keep the deadline that fits what the client is sending now."""
        if self._upgraded or self.transport is None or self.transport.is_closing():
            self._set_deadline(None)
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            self._set_deadline("head")
        elif state is h11.SEND_BODY:
            self._set_deadline("body")
        else:  # the request is in; the answer is the application's business
            self._set_deadline(None)

    def _set_deadline(self, phase: Phase | None) -> None:
        if phase == self._phase:
            return
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = phase
        if phase is not None:
            seconds = self.timeouts.head if phase == "head" else self.timeouts.body
            self._deadline = self.loop.call_later(seconds, self._expired, phase)

    def _expired(self, phase: Phase) -> None:
        self._deadline = None
        self._phase = None
        if self.transport.is_closing():
            return
        log.debug("closing %s: the request %s did not arrive in time", self.client, phase)
        answering = self.cycle is not None and not self.cycle.response_complete
        started = phase == "body" or bool(self.conn.trailing_data[0])
        if started and not (answering and self.cycle.response_started):
            self.transport.write(_TIMEOUT_ANSWER)
        if answering:
            self.cycle.disconnected = True  # the application's reads now see a disconnect
            self.cycle.message_event.set()
        self.transport.close()


def deadline_protocol(timeouts: ReadTimeouts) -> type[DeadlineH11Protocol]:
    """The protocol class uvicorn should build connections with, for these timeouts."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"timeouts": timeouts})
