"""Tells every client that this service has the change feed (an answer header, change_feed.py):
the remote console learns it from its first request, whatever that is, and the Go CLI never
looks at it."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.feed_wire import FEED_HEADER, FEED_PATH

_HEADER = (FEED_HEADER.lower().encode("latin-1"), FEED_PATH.encode("latin-1"))


class FeedHeaderMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def announcing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), _HEADER]}
            await send(message)

        await self.app(scope, receive, announcing_send)
