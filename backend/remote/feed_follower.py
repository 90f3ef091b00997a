"""Following the change feed of a `kubefate-tui serve` service (docs/kubefate-compatibility.md
§3): its events become the remote backend's change events, as they happen, with no polling.

The session learns whether the service has the feed from a header on any answer (so finding out
costs no request, and none fails), and the feed's position with it. The first `follow()` resumes
from that position, so a change made after the last answer and before the stream opened is
not missed; each next one resumes after the last event id seen, so nothing is missed across a
dropped connection; when
the service cannot give every missed event (it restarted, or we fell too far behind) it says
`resync` and that becomes a RESYNC event: the panels read again what they show.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Final

import httpx

from backend.errors import Unavailable
from backend.events import RESYNC, ChangeAction, ChangeEvent, EntityKind
from backend.feed_wire import CHANGE, RESYNC_EVENT
from backend.remote.event_stream import ServerEvent, server_events
from backend.remote.http_session import HttpSession
from backend.remote.response_reading import request_label
from backend.remote.transport_failures import explain

# No byte for this long (the service sends a keep-alive every 15 s) means the connection is dead.
FEED_READ_TIMEOUT: Final = 60.0

log = logging.getLogger(__name__)


class FeedGone(Exception):
    """The service answered that it has no feed (it was restarted with it switched off)."""


def change_of(event: ServerEvent) -> ChangeEvent | None:
    """The change event a `change` frame names; None for a kind or action we do not know."""
    try:
        fields = json.loads(event.data)
        return ChangeEvent(
            EntityKind(fields["kind"]), ChangeAction(fields["action"]), str(fields["id"])
        )
    except (ValueError, KeyError, TypeError):
        log.warning("ignored a change feed event this client cannot read: %r", event.data)
        return None


class FeedFollower:
    """Reads the feed of `session`'s service into `publish`; see the module docstring."""

    def __init__(self, session: HttpSession, publish: Callable[[ChangeEvent], None]) -> None:
        self.session = session
        self.publish = publish
        self.last_id = ""
        self.connections = 0  # streams opened (for the curious and for tests)

    def available(self) -> bool:
        """The service's last answer announced the feed."""
        return bool(self.session.feed_path)

    async def follow(self) -> bool:
        """Read the stream until it ends; True if it was opened. Unavailable when the service
        cannot be reached or refuses, FeedGone when it has no feed any more."""
        path = self.session.feed_path or ""
        token = await self.session.token()
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        # The first stream resumes from the position of the last answer: what changed since
        # the data this client last read comes first, not only what changes from now on.
        resume = self.last_id or self.session.feed_at
        if resume:
            headers["Last-Event-ID"] = resume
        settings = self.session.settings
        timeout = httpx.Timeout(FEED_READ_TIMEOUT, connect=settings.connect_timeout)
        client = self.session.client
        try:
            async with client.stream("GET", path, headers=headers, timeout=timeout) as response:
                if not await self._opened(response, token):
                    return False
                await self._read(response)
        except httpx.TransportError as error:
            failure = explain(error, host=settings.host, port=settings.port, timeout=0.0)
            self.session.monitor.unreachable(failure.detail)
            raise Unavailable(
                f"the change feed of {settings.base_url} broke off: {failure.sentence()}"
            ) from None
        return True

    async def _opened(self, response: httpx.Response, token: str) -> bool:
        """Whether the stream can be read; a dead token is dropped (the next try logs in)."""
        self.session.note_answer(response)
        if response.status_code == 200:
            self.session.monitor.connected()
            self.connections += 1
            return True
        if response.status_code == 401:
            await self.session.forget(token)
            return False
        if response.status_code == 404:
            raise FeedGone(f"{request_label(response)}: the service has no change feed")
        raise Unavailable(f"{request_label(response)} answered {response.status_code}")

    async def _read(self, response: httpx.Response) -> None:
        async for event in server_events(response.aiter_lines(), self.last_id):
            self.last_id = event.last_id
            if event.event == RESYNC_EVENT:
                self.publish(RESYNC)
            elif event.event == CHANGE and (change := change_of(event)) is not None:
                self.publish(change)
