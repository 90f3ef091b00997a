"""What the embedded backend shows of a deployed cluster: namespaces, Info, logs."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from backend.errors import Conflict, PermissionDenied
from backend.models import ClusterStatus, JobStatus, LogQuery
from tests.engine.conftest import NAMESPACE, Deployment

pytestmark = pytest.mark.slow


async def test_namespaces_are_listed_and_created_on_request(deployment: Deployment) -> None:
    backend = deployment.backend
    created = await backend.create_namespace("fate-10000")
    assert (created.name, created.status) == ("fate-10000", "Active")
    names = [namespace.name for namespace in await backend.list_namespaces()]
    assert {"fate-9999", "fate-10000"} <= set(names)
    with pytest.raises(Conflict):
        await backend.create_namespace("fate-10000")


async def test_namespaces_without_permission_say_which_is_missing(deployment: Deployment) -> None:
    deployment.emulator.controller.deny("list", "namespaces")
    with pytest.raises(PermissionDenied, match='list resource "namespaces"'):
        await deployment.backend.list_namespaces()


async def test_logs_of_a_running_cluster(deployment: Deployment) -> None:
    controller = deployment.emulator.controller
    controller.auto_ready(delay_ms=50)
    backend = deployment.backend
    job = await deployment.finished(await backend.install_cluster(deployment.args()))
    assert job.status is JobStatus.SUCCESS, job.states
    (python_pod,) = [p["metadata"]["name"] for p in controller.pods_of(NAMESPACE, "python")]
    controller.append_log(NAMESPACE, python_pod, "fateflow", "flow started", "listening on 9380")

    text = await backend.cluster_logs(job.cluster_id, LogQuery(container="fateflow"))
    assert text.splitlines() == ["flow started", "listening on 9380"]

    received: list[str] = []

    async def follow() -> None:
        async for line in backend.follow_logs(job.cluster_id, LogQuery(container="fateflow")):
            received.append(line)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.3)
    controller.append_log(NAMESPACE, python_pod, "fateflow", "job 202611 accepted")
    for _ in range(100):
        if "job 202611 accepted" in received:
            break
        await asyncio.sleep(0.05)
    follower.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await follower
    assert "job 202611 accepted" in received


async def test_a_cluster_whose_module_breaks_reads_unavailable(deployment: Deployment) -> None:
    controller = deployment.emulator.controller
    controller.auto_ready(delay_ms=50)
    backend = deployment.backend
    job = await deployment.finished(await backend.install_cluster(deployment.args()))
    controller.stop_auto()
    controller.mark_progressing(NAMESPACE, "fateboard")
    cluster = await backend.get_cluster(job.cluster_id)
    assert cluster.status is ClusterStatus.UNAVAILABLE
    assert cluster.info is not None
    assert cluster.info["status"]["deployments"] == {"fateboard": "Progressing"}
    controller.mark_ready(NAMESPACE, "fateboard")
    assert (await backend.get_cluster(job.cluster_id)).status is ClusterStatus.RUNNING
