"""Every command of the stock `kubefate` CLI (§6.2), replayed as it sends it, against the
served API; each answer must decode into what the CLI reads from it."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import pytest
from websockets.asyncio.client import connect
from websockets.typing import Origin

from backend.models import JobStatus
from tests.api import go_shapes
from tests.api.conftest import NAMESPACE, Served, cluster_yaml, mini_fate_chart
from tests.api.go_cli import GoCli, cluster_args_body, multipart_body

pytestmark = pytest.mark.slow


async def _job_finished(cli: GoCli, uuid: str) -> dict[str, object]:
    for _ in range(600):
        answer = await cli.send("GET", f"job/{uuid}")
        assert answer.status == 200
        if JobStatus(answer.body["data"]["status"]).is_terminal:
            return dict(answer.body["data"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {uuid} never finished")


async def test_every_cli_command_round_trips(served: Served) -> None:
    controller = served.emulator.controller
    controller.auto_ready(delay_ms=50)
    cli = GoCli(served.client())

    # chart upload / list / describe
    body, content_type = multipart_body("fate-v2.0.0.tgz", mini_fate_chart())
    answer = await cli.send("POST", "chart", body, content_type)
    assert (answer.status, answer.body["msg"]) == (200, "CreateChart Success")
    chart_uuid = answer.body["data"]["helmUUID"]
    answer = await cli.send("GET", "chart/")
    assert answer.body["msg"] == "getChartList Success"
    (listed,) = answer.body["data"]
    go_shapes.chart(listed)
    assert (listed["uuid"], listed["name"], listed["version"], listed["app_version"]) == (
        chart_uuid, "fate", "v2.0.0", "v2.0.0",
    )  # fmt: skip
    answer = await cli.send("GET", f"chart/{chart_uuid}")
    go_shapes.chart(answer.body["data"])
    assert answer.body["data"]["chart"].startswith("apiVersion: v1\nname: fate")

    # cluster install, then job list / describe until it succeeds
    answer = await cli.send("POST", "cluster/", cluster_args_body(cluster_yaml()))
    assert (answer.status, answer.body["msg"]) == (200, "createCluster Success")
    go_shapes.job(answer.body["data"])
    job_uuid = answer.body["data"]["uuid"]
    answer = await cli.send("GET", "job/")
    assert answer.body["msg"] == "getJobList Success"
    for item in answer.body["data"]:
        go_shapes.job(item)
    assert [(j["uuid"], j["creator"], j["method"]) for j in answer.body["data"]] == [
        (job_uuid, "admin", "ClusterInstall")
    ]
    job = await _job_finished(cli, job_uuid)
    assert job["status"] == "Success", job["states"]
    cluster_uuid = job["cluster_id"]

    # cluster list (with and without --all) / describe
    for path in ("cluster/", "cluster/?all=true&"):
        answer = await cli.send("GET", path)
        assert answer.body["msg"] == "getClusterList Success"
        (item,) = answer.body["data"]
        go_shapes.cluster(item)
        assert "Info" not in item and item["uuid"] == cluster_uuid
    answer = await cli.send("GET", f"cluster/{cluster_uuid}")
    assert answer.body["msg"] == "getCluster Success"
    go_shapes.cluster(answer.body["data"])
    assert answer.body["data"]["Info"]["status"]["deployments"] == {"fateboard": "Available"}

    # cluster logs, then logs --follow over the WebSocket
    (pod,) = [p["metadata"]["name"] for p in controller.pods_of(NAMESPACE, "python")]
    controller.append_log(NAMESPACE, pod, "fateflow", "flow started")
    query = urlencode({"container": "fateflow", "tail": "10"})
    answer = await cli.send("GET", f"log/{cluster_uuid}?{query}")
    assert answer.body == {"data": "flow started\n", "msg": "getClusterLog Success"}
    token = await cli.token()
    url = served.url.replace("http://", "ws://") + f"/v1/log/{cluster_uuid}/ws?container=fateflow"
    headers = {"user-agent": "kubefate", "Authorization": f"Bearer {token}"}
    async with connect(url, origin=Origin(served.url + "/"), additional_headers=headers) as socket:
        assert await asyncio.wait_for(socket.recv(), 10) == "flow started"

    # cluster update (left Running by stopping the readiness), job stop
    controller.stop_auto()
    update = cluster_args_body(cluster_yaml(imageTag="2.0.1"), keep=True)
    answer = await cli.send("PUT", "cluster/", update)
    assert (answer.status, answer.body["msg"]) == (200, "setCluster Success"), answer.body
    update_uuid = answer.body["data"]["uuid"]
    assert answer.body["data"]["meta_data"]["Keep_upgrade_job"] is True
    answer = await cli.send("PUT", f"job/{update_uuid}?jobStatus=stop")
    assert (answer.status, answer.body) == (
        200, {"data": "Stop Job Success", "msg": "stop Job Success"},
    )  # fmt: skip
    stopped = await _job_finished(cli, update_uuid)
    assert stopped["status"] in ("Canceled", "Rollback", "Failed")

    # cluster delete, job delete
    controller.auto_ready(delay_ms=50)
    answer = await cli.send("DELETE", f"cluster/{cluster_uuid}")
    assert (answer.status, answer.body["msg"]) == (200, "deleteCluster Success")
    go_shapes.job(answer.body["data"])
    deleted = await _job_finished(cli, answer.body["data"]["uuid"])
    assert deleted["status"] == "Success", deleted["states"]
    answer = await cli.send("DELETE", f"job/{job_uuid}")
    assert (answer.status, answer.body) == (200, {"msg": "delete Job Success"})

    # chart delete, users, namespaces, version
    answer = await cli.send("DELETE", f"chart/{chart_uuid}")
    assert (answer.status, answer.body) == (200, {"msg": "deleteChart Success"})
    answer = await cli.send("GET", "user/")
    assert answer.body["msg"] == "getUserList Success"
    (admin,) = answer.body["data"]
    go_shapes.user(admin)
    answer = await cli.send("GET", f"user/{admin['uuid']}")
    assert answer.body["msg"] == "getUser Success"
    assert answer.body["data"]["username"] == "admin"
    answer = await cli.send("GET", "namespace/")
    assert answer.body["msg"] == "getNamespaceList Success"
    for item in answer.body["data"]:
        go_shapes.namespace(item)
    answer = await cli.send("GET", "version")
    assert answer.body == {"msg": "getVersion Success", "version": "v1.4.5"}

    # every request went to the path form the CLI writes, and none was redirected
    assert [f"{r.method} {r.url.raw_path.decode()}" for r in cli.sent][:4] == [
        "POST /v1/chart", "GET /v1/chart/", f"GET /v1/chart/{chart_uuid}", "POST /v1/cluster/",
    ]  # fmt: skip


async def test_cli_error_answers_carry_kubefates_words(served: Served) -> None:
    """The CLI prints the body's `error`; ours says what KubeFATE says, with a truthful status."""
    cli = GoCli(served.client())
    unknown = "00000000-0000-4000-8000-000000000000"
    for method, path, status, error in [
        ("GET", f"cluster/{unknown}", 404, "record not found"),
        ("DELETE", f"cluster/{unknown}", 404, "record not found"),
        ("GET", f"job/{unknown}", 404, "record not found"),
        ("DELETE", f"job/{unknown}", 404, "record not found"),
        (
            "PUT",
            f"job/{unknown}?jobStatus=stop",
            404,
            "get job by jobID error, please check job ID, record not found",
        ),
        ("PUT", f"job/{unknown}", 400, "jobStatus error"),
        ("GET", f"chart/{unknown}", 404, "record not found"),
        ("GET", f"user/{unknown}", 404, "record not found"),
        ("GET", f"log/{unknown}", 404, "get Cluster error, record not found"),
    ]:
        answer = await cli.send(method, path)
        assert (answer.status, answer.body) == (status, {"error": error}), (method, path)
