"""Following a cluster's logs over KubeFATE's WebSocket route (docs/kubefate-behaviour.md §1.5.7).

`GET /v1/log/<cluster uuid>/ws` (wss when the service is reached over TLS) needs the token in
`Authorization: Bearer` and an `Origin` header (the Go CLI sends `ws://<serviceurl>/`); without
Origin the Go server refuses the handshake with 403. The service pushes one log line per text
frame and, between lines, spins sending empty frames: those are skipped here. The stream never
ends on its own; it ends when the consumer stops iterating (close the generator, e.g. with
`contextlib.aclosing`), which closes the socket. No background task outlives the generator:
keep-alive pings are off (the Go handler never reads, so it would never answer them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from urllib.parse import urlencode

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosedError,
    InvalidHandshake,
    InvalidStatus,
    InvalidURI,
)
from websockets.typing import Origin

from backend.errors import BackendError, Unavailable
from backend.remote.http_session import USER_AGENT, HttpSession
from backend.remote.response_reading import error_for
from backend.remote.transport_failures import explain

MAX_FRAME = 16 * 1024 * 1024
EMPTY_FRAMES_BEFORE_YIELD = 256
# The Go handler never reads from the socket, so it never answers our close frame: wait only
# briefly for it, then drop the connection (its next write fails and the handler ends).
CLOSE_TIMEOUT = 0.25  # let other tasks run while the service floods empty frames


async def follow_lines(
    session: HttpSession,
    path: str,
    params: Mapping[str, str | int],
    *,
    what: str,
    not_found: str,
) -> AsyncGenerator[str, None]:
    """Log lines from the WebSocket route `path`, until the consumer stops."""
    settings = session.settings
    query = f"?{urlencode(dict(params))}" if params else ""
    url = f"{settings.websocket_base_url}{path}{query}"
    connection = await _open(session, url, what=what, not_found=not_found)
    session.monitor.connected()
    try:
        empty_in_a_row = 0
        async for message in connection:
            text = message if isinstance(message, str) else message.decode("utf-8", "replace")
            if not text.strip("\r\n"):
                empty_in_a_row += 1
                if empty_in_a_row >= EMPTY_FRAMES_BEFORE_YIELD:
                    empty_in_a_row = 0
                    await asyncio.sleep(0)
                continue
            empty_in_a_row = 0
            for line in text.rstrip("\r\n").split("\n"):
                yield line.rstrip("\r")
    except ConnectionClosedError as error:
        session.monitor.unreachable("the log stream broke")
        raise Unavailable(
            f"{what}: the log stream from {url} broke ({error}); the service may have "
            "restarted: open the logs again"
        ) from None
    finally:
        await connection.close()


async def _open(session: HttpSession, url: str, *, what: str, not_found: str) -> ClientConnection:
    """The WebSocket, logged in (once more after a 401: the token may have died)."""
    settings = session.settings
    relogged = False
    while True:
        token = await session.token()
        try:
            return await connect(
                url,
                origin=Origin(settings.origin),
                additional_headers={"Authorization": f"Bearer {token}"},
                user_agent_header=USER_AGENT,
                open_timeout=settings.connect_timeout,
                ping_interval=None,
                close_timeout=CLOSE_TIMEOUT,
                max_size=MAX_FRAME,
                ssl=settings.ssl_context() if settings.uses_tls else None,
            )
        except InvalidStatus as error:
            status = error.response.status_code
            if status == 401 and not relogged:
                relogged = True
                await session.forget(token)
                continue
            raise _handshake_error(error, url, what=what, not_found=not_found) from None
        except InvalidURI as error:
            raise Unavailable(f"{what}: {url} is not a WebSocket URL ({error})") from None
        except (OSError, TimeoutError, InvalidHandshake) as error:
            failure = explain(
                error, host=settings.host, port=settings.port, timeout=settings.connect_timeout
            )
            session.monitor.unreachable(failure.detail)
            raise Unavailable(
                f"cannot reach the KubeFATE service: WebSocket {url}: {failure.sentence()}"
            ) from None


def _handshake_error(error: InvalidStatus, url: str, *, what: str, not_found: str) -> BackendError:
    """The refused handshake's HTTP answer, read like any other answer of the service."""
    answer = error.response
    response = httpx.Response(
        answer.status_code,
        headers=list(answer.headers.raw_items()),
        content=bytes(answer.body),
        request=httpx.Request("GET", url),
    )
    return error_for(response, what=what, not_found=not_found)
