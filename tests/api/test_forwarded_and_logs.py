"""Whom the service believes about a client's address, and what its logs may contain: no
forwarded address unless from a proxy the operator named, no token in any line (uvicorn's own
WebSocket lines included), and no line a client can break or forge."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from backend.api import ApiOptions, create_app
from backend.models import Cluster, ClusterStatus
from tests.api.conftest import Served, serving

WRONG = {"username": "admin", "password": "wrong"}
UNESCAPED_QUOTE = re.compile(r'(?<!\\)"')


async def test_forwarded_for_from_an_unnamed_client_is_ignored(served: Served) -> None:
    """uvicorn's default believed any local client's X-Forwarded-For: each guess could claim
    a new address and get a fresh throttle budget."""
    app = create_app(served.backend, ApiOptions(login_max_failures=1))  # one hash, not five
    async with serving(app) as url:
        client = served.client(base_url=url)
        statuses = []
        for n in range(4):
            response = await client.post(
                "/v1/user/login", json=WRONG, headers={"X-Forwarded-For": f"203.0.113.{n}"}
            )
            statuses.append(response.status_code)
    assert statuses == [401, 429, 429, 429]


async def test_a_named_proxy_is_believed_and_what_it_forwards_is_escaped(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="backend.api.access")
    app = create_app(served.backend, ApiOptions(login_max_failures=1))
    async with serving(app, trusted_proxies=["127.0.0.1"]) as url:
        client = served.client(base_url=url)
        statuses = []
        for n in (1, 2, 1):  # two clients behind the proxy: two budgets
            response = await client.post(
                "/v1/user/login", json=WRONG, headers={"X-Forwarded-For": f"203.0.113.{n}"}
            )
            statuses.append(response.status_code)
        assert statuses == [401, 401, 429]
        forged = '198.51.100.7" 200 - "GET /admin'
        await client.get("/v1/version/", headers={"X-Forwarded-For": forged})
    lines = [r.getMessage() for r in caplog.records if r.name == "backend.api.access"]
    assert any(line.startswith("203.0.113.2:0 - ") for line in lines), lines
    [line] = [line for line in lines if "198.51.100.7" in line]
    assert line.startswith('198.51.100.7\\"\\x20200\\x20-\\x20\\"GET\\x20/admin:0 - "GET ')
    assert len(UNESCAPED_QUOTE.findall(line)) == 2, line  # the line's own quotes only


async def test_a_request_target_cannot_forge_an_access_log_line(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="backend.api.access")
    host, port = served.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b'GET /v1/"x"%22 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    await writer.drain()
    assert (await reader.read()).startswith(b"HTTP/1.1 404")
    writer.close()
    [line] = [r.getMessage() for r in caplog.records if "/v1/" in r.getMessage()]
    assert '"GET /v1/\\"x\\"%22 HTTP/1.1" 404' in line, line
    assert len(UNESCAPED_QUOTE.findall(line)) == 2  # the quotes the log line itself puts


def test_log_hygiene_helpers() -> None:
    from backend.logs.log_hygiene import escape_controls, escape_field, redact_secrets

    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6ImFkbWluIn0.c2lnbmF0dXJl"
    said = f'"WebSocket /v1/log/x/ws?tail=5&token={token}" 403; Bearer {token}; raw {token}'
    assert token not in redact_secrets(said)
    assert (
        redact_secrets("?Token=abc&jwt=def&password=ghi&x=1")
        == "?Token=***&jwt=***&password=***&x=1"
    )
    assert escape_controls("a\nb\x1b[31mc\x85") == "a\\x0ab\\x1b[31mc\\x85"
    assert escape_field('a "b" \\ é') == 'a \\"b\\" \\\\ \\xe9'


async def test_no_token_reaches_any_log_from_websocket_handshakes(
    served: Served, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn's own logger prints each WebSocket's path with its query string, refused
    handshakes included."""
    caplog.set_level(logging.DEBUG)
    # The Kubernetes emulator's uvicorn quiets these loggers for the whole test process.
    caplog.set_level(logging.DEBUG, logger="uvicorn.error")
    monkeypatch.setattr(logging.getLogger("uvicorn"), "propagate", True)
    cluster = Cluster(
        uuid=str(uuid.uuid4()),
        name="quiet",
        namespace="fate-9999",
        chart_name="fate",
        chart_version="v2.0.0",
        status=ClusterStatus.RUNNING,
    )
    async with served.backend.store.transaction() as tx:
        await tx.clusters.insert(cluster)
    base = served.url.replace("http://", "ws://")
    origin = Origin(served.url)
    refused = [
        (f"{base}/v1/log/no-such-cluster/ws?token={served.token}", origin),  # 404
        (f"{base}/v1/log/{cluster.uuid}/ws?token=not-a-token", origin),  # 401
        (f"{base}/v1/log/{cluster.uuid}/ws?tail=x&token={served.token}", origin),  # 400
    ]
    for url, sent_origin in refused:
        with pytest.raises(InvalidStatus):
            async with connect(url, origin=sent_origin):
                pass
    async with connect(f"{base}/v1/log/{cluster.uuid}/ws?token={served.token}", origin=origin):
        pass  # accepted (the cluster has no pods: the session just ends)
    await asyncio.sleep(0.1)  # let the server write its lines
    uvicorn_lines = [r for r in caplog.records if r.name.startswith("uvicorn")]
    assert any("WebSocket" in r.getMessage() for r in uvicorn_lines)  # it did log them
    for record in caplog.records:
        if record.name.startswith("websockets.client"):  # the test's own client
            continue
        message = record.getMessage()
        assert served.token not in message, (record.name, message)
