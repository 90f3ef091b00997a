"""Hostile cluster documents and request bodies get a quick 4xx that says why, and nothing they
carry is stored (issue 9: alias bombs, deep nesting, huge numbers, non-finite numbers, bad
names, clients that leave mid-body)."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from types import ModuleType
from typing import Any

import pytest

from backend.api import binding
from backend.engine import cluster_document
from backend.models import Cluster, ClusterStatus
from tests.api.conftest import NAMESPACE, Served, cluster_yaml
from tests.api.held_calls import hold, login_while
from tests.api.test_lifecycle import installed
from tests.schema.helpers import alias_bomb


def install_body(document: bytes, **fields: str) -> bytes:
    body: dict[str, Any] = {
        "name": "fate-9999",
        "namespace": NAMESPACE,
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "data": base64.b64encode(document).decode(),
    }
    body.update(fields)
    return json.dumps(body).encode()


async def post_cluster(served: Served, body: bytes, method: str = "POST") -> tuple[int, Any]:
    client = served.client()
    response = await client.request(method, "/v1/cluster", content=body, headers=served.auth())
    return response.status_code, response.json()


async def stored_clusters(served: Served) -> list[dict[str, Any]]:
    client = served.client()
    response = await client.get("/v1/cluster/", params={"all": "true"}, headers=served.auth())
    assert response.status_code == 200
    clusters: list[dict[str, Any]] = response.json()["data"]
    return clusters


async def test_an_alias_bomb_is_refused_naming_the_bound_and_nothing_is_stored(
    with_chart: Served,
) -> None:
    document = cluster_yaml() + alias_bomb().encode()
    assert len(document) < 700
    status, body = await post_cluster(with_chart, install_body(document))
    assert status == 400
    assert body["error"] == (
        "data: the cluster document is refused at line 16, column 25: aliases (*name) expand "
        "the document to more than 1,000,000 values"
    )
    assert await stored_clusters(with_chart) == []


@pytest.mark.parametrize(
    ("module", "name"),
    [(binding, "go_b64decode"), (cluster_document, "parse_cluster_document")],
)
async def test_a_login_is_answered_while_a_cluster_request_is_read(
    with_chart: Served, monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str
) -> None:
    held = hold(monkeypatch, module, name)
    with_chart.emulator.controller.auto_ready(delay_ms=50)
    await with_chart.backend.ready_accounts()
    installing = asyncio.create_task(post_cluster(with_chart, install_body(cluster_yaml())))
    try:
        await login_while(held, installing, with_chart)
    finally:
        held.release.set()
    status, _ = await installing
    assert status == 200


async def test_deeply_nested_yaml_is_a_400_naming_the_depth(with_chart: Served) -> None:
    document = cluster_yaml() + b"deep: " + b"[" * 700 + b"]" * 700 + b"\n"
    status, body = await post_cluster(with_chart, install_body(document))
    assert status == 400
    assert body["error"].startswith("data: the cluster document is refused at line 10, column")
    assert body["error"].endswith(
        "the YAML is nested more than 64 levels deep (a cluster.yaml is a few levels deep)"
    )


@pytest.mark.parametrize("value", [".nan", "-.inf", "1.0e+999"])
async def test_a_non_finite_number_is_refused_at_input(with_chart: Served, value: str) -> None:
    document = cluster_yaml(python=f"{{logLevel: INFO, ratio: {value}}}")
    status, body = await post_cluster(with_chart, install_body(document))
    assert status == 400
    assert "line 10, column 33" in body["error"]
    assert f"{value} is not a finite number" in body["error"]
    assert await stored_clusters(with_chart) == []


async def test_the_cluster_list_tolerates_a_non_finite_number_already_stored(
    with_chart: Served,
) -> None:
    # As an earlier version stored it: the row's JSON holds NaN and Infinity.
    stored = Cluster(
        uuid="0b1e6a44-5a0e-4c1a-9a43-1f5e2d0c9a11",
        name="fate-10000",
        namespace=NAMESPACE,
        chart_name="fate",
        chart_version="v2.0.0",
        values="ratio: .nan\n",
        spec={"name": "fate-10000", "ratio": float("nan"), "limit": float("inf")},
        status=ClusterStatus.RUNNING,
    )
    async with with_chart.backend.store.transaction() as tx:
        await tx.clusters.insert(stored)
    [listed] = await stored_clusters(with_chart)
    assert listed["Spec"] == {"name": "fate-10000", "ratio": None, "limit": None}
    client = with_chart.client()
    response = await client.get(f"/v1/cluster/{stored.uuid}", headers=with_chart.auth())
    assert response.status_code == 200
    assert response.json()["data"]["Spec"]["ratio"] is None


async def test_a_5000_digit_chart_version_is_a_400(with_chart: Served) -> None:
    digits = "1" * 5000
    status, body = await post_cluster(
        with_chart, install_body(cluster_yaml(), chart_version=digits)
    )
    assert status == 400
    assert body["error"].startswith('chartVersion "111')
    assert "(5000 characters) is not a chart version" in body["error"]
    assert len(body["error"]) < 300
    document = cluster_yaml().replace(b"chartVersion: v2.0.0", b"chartVersion: " + digits.encode())
    status, body = await post_cluster(with_chart, install_body(document))
    assert status == 400
    assert body["error"] == (
        "data: the cluster document is refused at line 4, column 15: a number of 5,000 digits; "
        "at most 100 are read (quote it if it is text)"
    )
    assert await stored_clusters(with_chart) == []


async def test_an_update_naming_a_5000_digit_version_is_a_400(with_chart: Served) -> None:
    await installed(with_chart, with_chart.client())
    quoted = cluster_yaml().replace(
        b"chartVersion: v2.0.0", b'chartVersion: "' + b"1" * 5000 + b'"'
    )
    status, body = await post_cluster(with_chart, install_body(quoted), method="PUT")
    assert status == 400
    assert body["error"].startswith('chartVersion: "111')
    assert body["error"].endswith(" is not a version such as v2.0.0")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"name": "fate\n9999"},
            "name 'fate\\n9999' is not a valid Helm release name: '\\n' is not allowed",
        ),
        (
            {"namespace": "fate\x009999"},
            "namespace 'fate\\x009999' is not a valid Kubernetes namespace name: '\\x00' is not "
            "allowed",
        ),
        ({"name": "Fate-9999"}, 'name "Fate-9999" is not a valid Helm release name: uppercase'),
        (
            {"name": "f" * 54},
            f'name "{"f" * 54}" is not a valid Helm release name: too long: 54 > 53',
        ),
    ],
)
async def test_names_are_checked_as_kubernetes_names(
    with_chart: Served, fields: dict[str, str], error: str
) -> None:
    status, body = await post_cluster(with_chart, install_body(cluster_yaml(), **fields))
    assert status == 400
    assert body["error"].startswith(error)
    assert "starting and ending with a letter or digit" in body["error"]
    assert "\n" not in body["error"] and "\x00" not in body["error"]
    status, body = await post_cluster(with_chart, install_body(cluster_yaml(), **fields), "PUT")
    assert status == 400 and body["error"].startswith(error)
    assert await stored_clusters(with_chart) == []


def nested_json(depth: int) -> bytes:
    return b'{"username": ' + b"[" * depth + b"]" * depth + b', "password": "x"}'


async def test_deeply_nested_json_bodies_get_a_4xx(served: Served) -> None:
    client = served.client()
    # Login keeps gin-jwt's answer to a body it cannot bind (§1.2).
    response = await client.post("/v1/user/login", content=nested_json(700))
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "missing Username or Password"}
    response = await client.post("/v1/user", content=nested_json(700), headers=served.auth())
    assert response.status_code == 400
    assert response.json() == {"error": "the JSON is nested more than 64 levels deep"}
    response = await client.post("/v1/user", content=nested_json(5000), headers=served.auth())
    assert response.json() == {"error": "the JSON is nested more than 64 levels deep"}


async def test_a_client_leaving_mid_body_gets_no_500_and_leaves_no_traceback(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    caplog.set_level(logging.INFO)
    _, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /v1/cluster HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {served.token}\r\nContent-Length: 100000\r\n\r\n".encode()
        + b'{"name": "fate-9'
    )
    await writer.drain()
    await asyncio.sleep(0.05)  # the handler is waiting for the rest of the body
    writer.close()
    await writer.wait_closed()
    for _ in range(200):
        if any("POST /v1/cluster" in record.getMessage() for record in caplog.records):
            break
        await asyncio.sleep(0.01)
    [line] = [r.getMessage() for r in caplog.records if "POST /v1/cluster" in r.getMessage()]
    assert '"POST /v1/cluster HTTP/1.1" 400 ' in line
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
