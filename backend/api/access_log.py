"""Our access log, in place of uvicorn's (which prints query strings, and so `?token=`).

One line per request or WebSocket session: client, method, target, status, duration. Values
of query parameters that carry secrets are replaced by `***`; request bodies are never logged.
Every field a client chose (the target; the address, when a trusted proxy forwards it) is
printable ASCII with quotes escaped, so no request can end the line or forge a field.
"""

from __future__ import annotations

import logging
import time
from typing import Final
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs.log_hygiene import REDACTED, SECRET_NAMES, escape_field

ACCESS_LOGGER: Final = "backend.api.access"
SECRET_PARAMETERS: Final = frozenset(SECRET_NAMES)

log = logging.getLogger(ACCESS_LOGGER)


def redact_query(query: str) -> str:
    """The query string with the values of secret-bearing parameters replaced."""
    if not query:
        return query
    pieces = []
    for piece in query.split("&"):
        key = piece.partition("=")[0]
        if unquote_plus(key).strip().lower() in SECRET_PARAMETERS:
            pieces.append(f"{key}={REDACTED}")
        else:
            pieces.append(piece)
    return "&".join(pieces)


def request_target(scope: Scope) -> str:
    """The request's path and (redacted) query as sent, escaped as a log field."""
    raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    path = raw_path.decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    target = path + ("?" + redact_query(query) if query else "")
    return escape_field(target).replace(" ", "\\x20")


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: int | None = None

        async def recording_send(message: Message) -> None:
            nonlocal status
            kind = message["type"]
            if kind in ("http.response.start", "websocket.http.response.start"):
                status = message["status"]
            elif kind == "websocket.accept":
                status = 101
            elif kind == "websocket.close" and status is None:
                status = 403  # closed before accepting: the server refuses the handshake
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            client = scope.get("client")
            method = "WS" if scope["type"] == "websocket" else scope.get("method", "")
            log.info(
                '%s - "%s %s HTTP/%s" %s %.1fms',
                escape_field(f"{client[0]}:{client[1]}" if client else "-").replace(" ", "\\x20"),
                escape_field(method),
                request_target(scope),
                escape_field(str(scope.get("http_version", "1.1"))),
                status if status is not None else 500,
                (time.perf_counter() - started) * 1000,
            )
