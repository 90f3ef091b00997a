"""A client that trickles its request (slowloris) is closed once the read deadline passes;
prompt clients never notice the deadlines."""

from __future__ import annotations

import asyncio
import time

from backend.api import create_app
from backend.api.slow_clients import ReadTimeouts
from tests.api.conftest import Served, serving

QUICK = ReadTimeouts(head=0.5, body=0.5)


async def trickle(url: str, head: bytes, drip: bytes) -> tuple[float, bytes]:
    """Send `head` at once, then `drip` a byte every 50 ms until the server closes the
    connection; return when that happened (seconds) and what the server answered."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(head)
    answer = b""
    try:
        for byte in drip:
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                chunk = await asyncio.wait_for(reader.read(4096), 0.05)
            except TimeoutError:
                continue
            answer += chunk
            if not chunk:  # closed
                break
        else:
            raise AssertionError("the server kept the trickling connection open")
    except ConnectionError:
        pass  # closed while we were still writing
    writer.close()
    return time.monotonic() - started, answer


async def test_a_client_trickling_its_request_head_is_closed(served: Served) -> None:
    async with serving(create_app(served.backend), read_timeouts=QUICK) as url:
        elapsed, answer = await trickle(
            url, b"POST /v1/user/login HTTP/1.1\r\nHost: x\r\n", b"X-Slow: " + b"a" * 200
        )
    assert 0.45 < elapsed < 2.0, elapsed
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer


async def test_a_client_trickling_its_body_is_closed(served: Served) -> None:
    head = (
        b"POST /v1/user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 500\r\n\r\n"
    )
    async with serving(create_app(served.backend), read_timeouts=QUICK) as url:
        elapsed, answer = await trickle(url, head, b'{"username": "' + b"a" * 400)
    assert 0.45 < elapsed < 2.0, elapsed
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer


async def test_an_idle_connection_is_closed_without_an_answer(served: Served) -> None:
    async with serving(create_app(served.backend), read_timeouts=QUICK) as url:
        host, port = url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        started = time.monotonic()
        assert await asyncio.wait_for(reader.read(), 3) == b""
        assert 0.45 < time.monotonic() - started < 2.0
        writer.close()


async def test_prompt_clients_never_meet_the_deadlines(served: Served) -> None:
    async with serving(create_app(served.backend), read_timeouts=QUICK) as url:
        client = served.client(base_url=url)
        for _ in range(2):  # one kept-alive connection, idle for less than the deadline
            response = await client.get("/v1/version/", headers=served.auth())
            assert response.status_code == 200
            await asyncio.sleep(0.3)
        body = {"username": "admin", "password": "admin", "padding": "x" * 200_000}
        response = await client.post("/v1/user/login", json=body)
        assert response.status_code == 200
