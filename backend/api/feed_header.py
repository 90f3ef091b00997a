"""Tells every client that this service has the change feed (answer headers, change_feed.py):
the remote console learns it from its first request, whatever that is, and the Go CLI never
looks at it. The feed's position when the request arrived comes beside it: a client following
the feed from then on misses no change made after the data it was answered with."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.change_feed import ChangeFeed
from backend.feed_wire import FEED_AT_HEADER, FEED_HEADER, FEED_PATH

_HEADER = (FEED_HEADER.lower().encode("latin-1"), FEED_PATH.encode("latin-1"))
_AT = FEED_AT_HEADER.lower().encode("latin-1")


class FeedHeaderMiddleware:
    def __init__(self, app: ASGIApp, feed: ChangeFeed) -> None:
        self.app = app
        self.feed = feed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Before the handler reads anything: a change made meanwhile is after this position,
        # so a client resuming from it gets that change (at worst once more than needed).
        at = (_AT, self.feed.position.encode("latin-1"))

        async def announcing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                # The position only beside data (a refused request learns nothing of activity).
                ok = 200 <= int(message.get("status", 500)) < 300
                added = [_HEADER, at] if ok else [_HEADER]
                message = {**message, "headers": [*message.get("headers", ()), *added]}
            await send(message)

        await self.app(scope, receive, announcing_send)
