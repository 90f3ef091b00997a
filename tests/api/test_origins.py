"""A browser page of another site must not use this service's ambient credentials: the log
WebSocket wants an Origin that is the service itself (or one the operator allowed), and the
`jwt` cookie counts only from such an origin."""

from __future__ import annotations

import uuid

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from backend.api import ApiOptions, create_app
from backend.models import Cluster, ClusterStatus
from tests.api.conftest import Served, serving


async def a_cluster(served: Served) -> str:
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
    return cluster.uuid


async def handshake_status(url: str, origin: str, token: str) -> int:
    try:
        async with connect(
            url, origin=Origin(origin), additional_headers={"Authorization": f"Bearer {token}"}
        ):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


async def test_the_log_socket_wants_this_services_own_origin(served: Served) -> None:
    cluster_id = await a_cluster(served)
    url = served.url.replace("http://", "ws://") + f"/v1/log/{cluster_id}/ws"
    port = served.url.rsplit(":", 1)[1]
    for origin in (served.url, f"ws://127.0.0.1:{port}/", f"WS://127.0.0.1:{port}"):
        assert await handshake_status(url, origin, served.token) == 101, origin
    for origin in (
        "http://evil.example",
        f"http://evil.example:{port}",
        "http://127.0.0.1:1",
        f"http://127.0.0.1.evil.example:{port}",
        "null",
        "/relative",
    ):
        assert await handshake_status(url, origin, served.token) == 403, origin


async def test_an_allowed_origin_may_open_the_log_socket(served: Served) -> None:
    cluster_id = await a_cluster(served)
    options = ApiOptions(allowed_origins=("https://console.example.com",))
    async with serving(create_app(served.backend, options)) as base:
        url = base.replace("http://", "ws://") + f"/v1/log/{cluster_id}/ws"
        for origin, status in (
            ("https://console.example.com", 101),
            ("https://console.example.com:443/", 101),
            ("http://console.example.com", 403),
            ("https://other.example.com", 403),
        ):
            assert await handshake_status(url, origin, served.token) == status, origin


@pytest.mark.parametrize(
    ("origin", "status"),
    [(None, 401), ("http://evil.example", 401), ("own", 200)],
)
async def test_the_jwt_cookie_counts_only_from_the_own_origin(
    served: Served, origin: str | None, status: int
) -> None:
    headers = {} if origin is None else {"Origin": served.url if origin == "own" else origin}
    client = served.client(cookies={"jwt": served.token}, headers=headers)
    response = await client.get("/v1/job/")
    assert response.status_code == status, response.text
    if status == 401:
        assert "jwt cookie is accepted only from this service's own origin" in response.text
    # A header token does not depend on the origin (the Go CLI sends none).
    plain = served.client(headers=headers)
    assert (await plain.get("/v1/job/", headers=served.auth())).status_code == 200
