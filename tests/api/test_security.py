"""What the served API adds to KubeFATE's: every protected route checked, failed logins
throttled, bodies bounded while they stream, no token in the logs."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.types import Message, Receive, Scope, Send

from backend.api import ApiOptions, create_app
from backend.api.access_log import redact_query
from backend.api.body_limits import BodyLimitMiddleware, BodyTooLarge
from backend.api.options import MIB
from tests.api.conftest import Served, serving
from tests.api.go_cli import multipart_body
from tests.api.test_wire_format import CHALLENGE, concrete
from tests.engine.conftest import backend_for

UNPROTECTED = {
    ("GET", "/"), ("GET", "/v1/"), ("POST", "/v1/user/login"), ("POST", "/v1/user/logout"),
}  # fmt: skip


async def test_every_protected_route_wants_a_token(served: Served) -> None:
    client = served.client()
    table = served.app.state.endpoints
    assert {(e.method, e.path) for e in table if not e.protected} == UNPROTECTED
    protected = [e for e in table if e.protected]
    # §1.4 less swagger and the four open routes, plus the two extension routes (change feed,
    # paged job listing)
    assert len(protected) == 25
    for endpoint in protected:
        path = concrete(endpoint.path)
        for form in (path.rstrip("/"), path.rstrip("/") + "/"):
            response = await client.request(endpoint.method, form, content=b"{}")
            assert response.status_code == 401, (endpoint.method, form)
            assert response.headers["www-authenticate"] == CHALLENGE
            assert response.json() == {"code": 401, "message": "cookie token is empty"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_failed_logins_are_throttled_per_address(served: Served) -> None:
    clock = FakeClock()
    app = create_app(served.backend, ApiOptions(login_max_failures=5, clock=clock))
    wrong = {"username": "admin", "password": "wrong"}
    right = {"username": "admin", "password": "admin"}
    async with serving(app) as url:
        client = served.client(base_url=url)
        for _ in range(5):
            response = await client.post("/v1/user/login", json=wrong)
            assert response.status_code == 401
        clock.now += 60
        for body in (wrong, right):  # locked out: even the right password is not checked
            response = await client.post("/v1/user/login", json=body)
            assert response.status_code == 429
            assert response.headers["retry-after"] == "240"
            assert response.json() == {
                "code": 429,
                "message": "too many failed logins from this address; try again in 240 s",
            }
        clock.now += 241  # the oldest failures leave the window
        response = await client.post("/v1/user/login", json=right)
        assert response.status_code == 200
        # A success forgets earlier failures.
        for _ in range(4):
            await client.post("/v1/user/login", json=wrong)
        assert (await client.post("/v1/user/login", json=right)).status_code == 200
        for _ in range(4):
            assert (await client.post("/v1/user/login", json=wrong)).status_code == 401


async def test_a_burst_of_parallel_guesses_is_throttled_too(served: Served) -> None:
    client = served.client()
    wrong = {"username": "admin", "password": "wrong"}
    answers = await asyncio.gather(*(client.post("/v1/user/login", json=wrong) for _ in range(12)))
    statuses = sorted(response.status_code for response in answers)
    assert statuses.count(401) <= 5 and statuses.count(429) >= 7, statuses


async def test_oversized_bodies_get_413(served: Served) -> None:
    client = served.client()
    limit = 4 * MIB
    too_large = {"error": f"request body too large: the limit is {limit} bytes"}
    response = await client.post("/v1/cluster", content=b" " * (limit + 1), headers=served.auth())
    assert (response.status_code, response.json()) == (413, too_large)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(5):
            yield b" " * MIB

    response = await client.put("/v1/cluster", content=chunks(), headers=served.auth())
    assert (response.status_code, response.json()) == (413, too_large)
    # At the limit exactly, the body is read (and found empty of JSON).
    response = await client.post("/v1/cluster", content=b" " * limit, headers=served.auth())
    assert (response.status_code, response.json()) == (400, {"error": "EOF"})
    # Without a token the body is never read: 401 first.
    response = await client.post("/v1/cluster", content=b" " * (limit + 1))
    assert response.status_code == 401
    # The connection is still usable afterwards.
    assert (await client.get("/v1/version/", headers=served.auth())).status_code == 200


@pytest.mark.slow
async def test_an_oversized_upload_gets_413(served: Served) -> None:
    client = served.client()
    body, content_type = multipart_body("huge.tgz", b"\0" * (64 * MIB))
    response = await client.post(
        "/v1/chart", content=body, headers={**served.auth(), "Content-Type": content_type}
    )
    assert response.status_code == 413
    assert response.json() == {"error": f"request body too large: the limit is {64 * MIB} bytes"}


async def test_the_limit_stops_reading_at_the_limit() -> None:
    """The middleware never asks for the chunk after the one that crossed the limit."""
    asked = 0

    async def receive() -> Message:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while True:
            await receive()

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent")

    middleware = BodyLimitMiddleware(app, default_limit=2500, upload_limit=10_000)
    scope: Scope = {"type": "http", "method": "POST", "path": "/v1/cluster", "headers": []}
    with pytest.raises(BodyTooLarge):
        await middleware(scope, receive, send)
    assert asked == 3
    asked = 0
    declared = {**scope, "headers": [(b"content-length", b"999999")]}
    with pytest.raises(BodyTooLarge):
        await middleware(declared, receive, send)
    assert asked == 0  # refused on the declared length, before reading anything


async def test_no_token_or_password_reaches_the_logs(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = served.client()
    await served.backend.create_user("carol", "Pa55-w0rd-carol")
    response = await client.post(
        "/v1/user/login", json={"username": "carol", "password": "Pa55-w0rd-carol"}
    )
    token = response.json()["token"]
    response = await client.get(f"/v1/version/?token={token}&x=1")
    assert response.status_code == 200
    with_cookie = served.client(cookies={"jwt": token}, headers={"Origin": served.url})
    response = await with_cookie.get(f"/v1/job/?Token={token}")
    assert response.status_code == 200
    access = [r.getMessage() for r in caplog.records if r.name == "backend.api.access"]
    assert any('"GET /v1/version/?token=***&x=1 HTTP/1.1" 200' in line for line in access), access
    assert any("/v1/job/?Token=***" in line for line in access), access
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert server_side
    for record in server_side:  # (the test's own client logs the URLs it asks for)
        message = record.getMessage()
        assert token not in message and "Pa55-w0rd-carol" not in message, message


def test_redaction_keeps_everything_else() -> None:
    assert redact_query("container=a&token=abc&tail=5") == "container=a&token=***&tail=5"
    assert redact_query("tok%65n=abc") == "tok%65n=***"
    assert redact_query("token") == "token=***"
    assert redact_query("a=1&&b") == "a=1&&b"
    assert json.dumps(redact_query("")) == '""'


async def test_tokens_survive_a_restart(served: Served, kubeconfig: Path) -> None:
    """A second service on the same database (what a restart opens) accepts the first's
    tokens: the signing key lives beside the database (KubeFATE draws a new one each start)."""
    second = backend_for(served.db_path, kubeconfig)
    await second.start()
    try:
        async with serving(create_app(second)) as url:
            response = await served.client(base_url=url).get("/v1/job/", headers=served.auth())
            assert response.status_code == 200
    finally:
        await second.close()
