"""Clusters, jobs, logs, charts and users through the served API, against the emulator."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from backend.models import JobStatus
from tests.api import go_shapes
from tests.api.conftest import NAMESPACE, Served, cluster_yaml, mini_fate_chart
from tests.api.go_cli import multipart_body

pytestmark = pytest.mark.slow


def install_body(name: str = "fate-9999", namespace: str = NAMESPACE, **extra: str) -> bytes:
    return json.dumps(
        {
            "name": name,
            "namespace": namespace,
            "chart_name": "fate",
            "chart_version": "v2.0.0",
            "data": base64.b64encode(cluster_yaml(name, namespace, **extra)).decode(),
        }
    ).encode()


async def finished(client: httpx.AsyncClient, served: Served, uuid: str) -> dict[str, Any]:
    for _ in range(600):
        response = await client.get(f"/v1/job/{uuid}", headers=served.auth())
        job: dict[str, Any] = response.json()["data"]
        if JobStatus(job["status"]).is_terminal:
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {uuid} never finished")


async def installed(served: Served, client: httpx.AsyncClient) -> dict[str, Any]:
    served.emulator.controller.auto_ready(delay_ms=50)
    response = await client.post("/v1/cluster", content=install_body(), headers=served.auth())
    assert response.status_code == 200, response.text
    job = await finished(client, served, response.json()["data"]["uuid"])
    assert job["status"] == "Success", job["states"]
    return job


def ws_url(served: Served, cluster_id: str, query: str = "container=fateflow") -> str:
    return served.url.replace("http://", "ws://") + f"/v1/log/{cluster_id}/ws?{query}"


async def test_install_logs_follow_and_delete(with_chart: Served) -> None:
    served = with_chart
    client = served.client()
    controller = served.emulator.controller
    job = await installed(served, client)
    go_shapes.job(job)
    assert job["creator"] == "admin" and job["time_limit"] == 3_600_000_000_000
    assert sorted(job["sub_jobs"]) == ["fateboard", "mysql", "python"]
    assert {sub["Status"] for sub in job["sub_jobs"].values()} == {"Success"}
    cluster_id = job["cluster_id"]

    (pod,) = [p["metadata"]["name"] for p in controller.pods_of(NAMESPACE, "python")]
    controller.append_log(NAMESPACE, pod, "fateflow", "flow started", "listening on 9380")
    response = await client.get(
        f"/v1/log/{cluster_id}", params={"container": "fateflow"}, headers=served.auth()
    )
    assert response.json() == {
        "data": "flow started\nlistening on 9380\n",
        "msg": "getClusterLog Success",
    }
    response = await client.get(f"/v1/log/{cluster_id}?tail=1.5", headers=served.auth())
    assert response.status_code == 400
    assert response.json() == {"error": 'strconv.ParseInt: parsing "1.5": invalid syntax'}

    async with connect(
        ws_url(served, cluster_id),
        origin=Origin(served.url + "/"),
        additional_headers=served.auth(),
    ) as socket:
        assert [await asyncio.wait_for(socket.recv(), 10) for _ in range(2)] == [
            "flow started",
            "listening on 9380",
        ]
        controller.append_log(NAMESPACE, pod, "fateflow", "job 202611 accepted")
        assert await asyncio.wait_for(socket.recv(), 10) == "job 202611 accepted"
        # Nothing more is written: no stream of empty keep-alive frames (KubeFATE busy-loops).
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(socket.recv(), 0.5)

    response = await client.delete(f"/v1/cluster/{cluster_id}", headers=served.auth())
    assert response.json()["msg"] == "deleteCluster Success"
    deleted = await finished(client, served, response.json()["data"]["uuid"])
    assert deleted["status"] == "Success" and deleted["method"] == "ClusterDelete"
    response = await client.get(f"/v1/cluster/{cluster_id}", headers=served.auth())
    assert (response.status_code, response.json()) == (404, {"error": "record not found"})
    response = await client.get("/v1/cluster/?all=true", headers=served.auth())
    assert [c["status"] for c in response.json()["data"]] == ["Deleted"]


async def test_the_log_socket_refuses_without_origin_or_token(with_chart: Served) -> None:
    served = with_chart
    job = await installed(served, served.client())
    url = ws_url(served, job["cluster_id"])
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, additional_headers=served.auth()):
            pass
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, origin=Origin(served.url)):
            pass
    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body or b"") == {
        "code": 401,
        "message": "cookie token is empty",
    }
    # The token may come as ?token= (what a browser can send), as in gin-jwt.
    with_query = ws_url(served, job["cluster_id"], f"token={served.token}")
    async with connect(with_query, origin=Origin(served.url)):
        pass
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            ws_url(served, "no-such-cluster"),
            origin=Origin(served.url),
            additional_headers=served.auth(),
        ):
            pass
    assert refused.value.response.status_code == 404
    # A plain GET on the socket's path is told to upgrade (after the token check).
    response = await served.client().get(f"/v1/log/{job['cluster_id']}/ws", headers=served.auth())
    assert response.status_code == 400 and "WebSocket" in response.json()["error"]


async def test_stop_a_waiting_install(with_chart: Served) -> None:
    served = with_chart
    client = served.client()
    response = await client.post("/v1/cluster", content=install_body(), headers=served.auth())
    uuid = response.json()["data"]["uuid"]
    assert response.json()["data"]["cluster_id"] == ""
    response = await client.put(f"/v1/job/{uuid}?jobStatus=stop", headers=served.auth())
    assert response.json() == {"data": "Stop Job Success", "msg": "stop Job Success"}
    job = await finished(client, served, uuid)
    assert job["status"] == "Canceled" and job["states"][-1] == "job stopped"
    response = await client.put(f"/v1/job/{uuid}?jobStatus=stop", headers=served.auth())
    assert (response.status_code, response.json()) == (
        409,
        {"error": "job status is Canceled, not support stop"},
    )
    response = await client.delete(f"/v1/job/{uuid}/", headers=served.auth())
    assert response.json() == {"msg": "delete Job Success"}
    response = await client.get("/v1/job/", headers=served.auth())
    assert response.json() == {"data": [], "msg": "getJobList Success"}


async def test_a_second_install_of_a_live_cluster_conflicts(with_chart: Served) -> None:
    served = with_chart
    client = served.client()
    await installed(served, client)
    response = await client.post("/v1/cluster/", content=install_body(), headers=served.auth())
    assert (response.status_code, response.json()) == (
        409,
        {"error": "name=fate-9999 & namespace=fate-9999 Cluster already existed"},
    )


async def test_charts_upload_list_get_example_delete(served: Served) -> None:
    client = served.client()
    body, content_type = multipart_body("fate.tgz", mini_fate_chart())
    headers = {**served.auth(), "Content-Type": content_type}
    response = await client.post("/v1/chart", content=body, headers=headers)
    assert response.json()["msg"] == "CreateChart Success", response.text
    uuid = response.json()["data"]["helmUUID"]
    assert list(response.json()["data"]) == ["helmUUID"]

    response = await client.get("/v1/chart/", headers=served.auth())
    (listed,) = response.json()["data"]
    assert listed["uuid"] == uuid and listed["templates"] == [] and listed["chart"] == ""
    response = await client.get(f"/v1/chart/{uuid}", headers=served.auth())
    chart = response.json()["data"]
    go_shapes.chart(chart)
    assert "archive" not in chart
    assert sorted(t["name"] for t in chart["templates"]) == [
        "templates/fateboard.yaml",
        "templates/mysql.yaml",
        "templates/python.yaml",
    ]
    response = await client.get("/v1/chart/valueTemplateExample/fate/v2.0.0", headers=served.auth())
    assert response.json() == {
        "data": "name: fate-9999\nnamespace: fate-9999\n",
        "msg": "getChartByNameVersion Success",
    }
    response = await client.get("/v1/chart/valueTemplateExample/fate/2.0.0", headers=served.auth())
    assert response.status_code == 404 and "fate 2.0.0" in response.json()["error"]

    # Uploading the same name+version replaces the chart (new uuid), as in KubeFATE.
    response = await client.post("/v1/chart", content=body, headers=headers)
    replaced = response.json()["data"]["helmUUID"]
    assert replaced != uuid
    response = await client.get(f"/v1/chart/{uuid}", headers=served.auth())
    assert response.status_code == 404
    response = await client.delete(f"/v1/chart/{replaced}", headers=served.auth())
    assert response.json() == {"msg": "deleteChart Success"}
    response = await client.delete(f"/v1/chart/{replaced}", headers=served.auth())
    assert (response.status_code, response.json()) == (404, {"error": "record not found"})

    other_field = b'--x\r\nContent-Disposition: form-data; name="other"; filename="a"\r\n\r\n'
    not_a_file = b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n'
    for bad_body, bad_type, error in [
        (body, "application/json", "request Content-Type isn't multipart/form-data"),
        (other_field + b"A\r\n--x--\r\n", "multipart/form-data; boundary=x", "http: no such file"),
        (not_a_file + b"A\r\n--x--\r\n", "multipart/form-data; boundary=x", "http: no such file"),
    ]:
        response = await client.post(
            "/v1/chart", content=bad_body, headers={**served.auth(), "Content-Type": bad_type}
        )
        assert (response.status_code, response.json()) == (400, {"error": error})
    not_a_chart, content_type = multipart_body("x.tgz", b"not a tarball")
    response = await client.post(
        "/v1/chart", content=not_a_chart, headers={**served.auth(), "Content-Type": content_type}
    )
    assert response.status_code == 400


async def test_users_never_show_a_hash(served: Served) -> None:
    client = served.client()
    bodies: list[str] = []

    async def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = await client.request(method, path, headers=served.auth(), **kwargs)
        bodies.append(response.text)
        return response

    response = await call(
        "POST",
        "/v1/user",
        json={"username": "alice", "password": "s3cret-alice", "email": "a@x.org"},
    )
    assert response.json()["msg"] == "createCluster Success"  # sic: KubeFATE's words
    alice = response.json()["data"]
    go_shapes.user(alice)
    assert (alice["username"], alice["email"]) == ("alice", "a@x.org")
    response = await call(
        "POST", "/v1/user/", json={"username": "alice", "password": "another-one"}
    )
    assert (response.status_code, response.json()) == (409, {"error": "User is existed."})
    response = await call("GET", "/v1/user/")
    assert sorted(u["username"] for u in response.json()["data"]) == ["admin", "alice"]
    for user in response.json()["data"]:
        go_shapes.user(user)
    response = await call("GET", f"/v1/user/{alice['uuid']}")
    assert response.json()["data"]["uuid"] == alice["uuid"]

    response = await call(
        "PUT",
        f"/v1/user/{alice['uuid']}",
        json={"email": "alice@x.org", "password": "n3w-for-alice"},
    )
    assert response.json()["msg"] == "setUser Success"
    assert response.json()["data"]["email"] == "alice@x.org"
    login = await client.post(
        "/v1/user/login", json={"username": "alice", "password": "n3w-for-alice"}
    )
    assert login.status_code == 200
    alice_token = login.json()["token"]
    response = await call("PUT", f"/v1/user/{alice['uuid']}", json={"username": "bob"})
    assert response.status_code == 400 and "username" in response.json()["error"]

    # alice may not delete herself; admin may delete her; then she is gone.
    response = await client.delete(
        f"/v1/user/{alice['uuid']}", headers={"Authorization": f"Bearer {alice_token}"}
    )
    assert response.status_code == 409
    response = await call("DELETE", f"/v1/user/{alice['uuid']}")
    assert response.json() == {"msg": "deleteUser Success"}
    response = await call("GET", f"/v1/user/{alice['uuid']}")
    assert (response.status_code, response.json()) == (404, {"error": "record not found"})
    response = await call("DELETE", f"/v1/user/{alice['uuid']}")
    assert response.status_code == 404

    for text in bodies:
        assert '"password"' not in text and '"salt"' not in text, text


async def test_a_client_vanishing_mid_stream_leaves_no_error(
    with_chart: Served, caplog: pytest.LogCaptureFixture
) -> None:
    served = with_chart
    client = served.client()
    job = await installed(served, client)
    controller = served.emulator.controller
    (pod,) = [p["metadata"]["name"] for p in controller.pods_of(NAMESPACE, "python")]
    controller.append_log(NAMESPACE, pod, "fateflow", "one")
    for _ in range(3):
        socket = await connect(
            ws_url(served, job["cluster_id"]),
            origin=Origin(served.url),
            additional_headers=served.auth(),
        )
        assert await asyncio.wait_for(socket.recv(), 10) == "one"
        socket.transport.abort()  # no close frame: the TCP connection just ends
        await asyncio.sleep(0.2)
        controller.append_log(NAMESPACE, pod, "fateflow", "after the client left")
    await asyncio.sleep(0.3)
    response = await client.get("/v1/version/", headers=served.auth())
    assert response.status_code == 200
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
