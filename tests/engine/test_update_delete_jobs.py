"""Update (with rollback) and delete jobs against the emulator (§3.3, §3.4)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from backend.errors import Conflict, InvalidRequest, NotFound
from backend.models import ClusterStatus, Job, JobStatus
from tests.engine.conftest import NAME, NAMESPACE, Deployment

pytestmark = pytest.mark.slow


async def _installed(deployment: Deployment) -> Job:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))
    assert job.status is JobStatus.SUCCESS, job.states
    return job


def _env(deployment: Deployment, workload: str) -> dict[str, str]:
    obj = deployment.emulator.controller.get("StatefulSet", NAMESPACE, workload)
    assert obj is not None
    container = obj["spec"]["template"]["spec"]["containers"][0]
    return {item["name"]: item["value"] for item in container["env"]}


async def test_update_success_upgrades_the_release(deployment: Deployment) -> None:
    installed = await _installed(deployment)
    job = await deployment.finished(
        await deployment.backend.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
    )
    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states == ("Cluster update Success",)
    cluster = await deployment.backend.get_cluster(installed.cluster_id)
    assert (cluster.status, cluster.revision, cluster.helm_revision) == (
        ClusterStatus.RUNNING,
        2,
        2,
    )
    assert cluster.spec is not None and cluster.spec["python"] == {"logLevel": "DEBUG"}
    assert _env(deployment, "python")["LOG_LEVEL"] == "DEBUG"


async def test_update_failure_rolls_back_to_the_previous_values(deployment: Deployment) -> None:
    installed = await _installed(deployment)
    before = await deployment.backend.get_cluster(installed.cluster_id)
    deployment.emulator.controller.stop_auto()  # the new pods never become ready
    deployment.backend.engine.time_limit = timedelta(seconds=2)
    job = await deployment.finished(
        await deployment.backend.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
    )
    assert job.status is JobStatus.ROLLBACK, job.states
    assert job.states is not None
    assert job.states[0] == "Cluster update Success"
    assert "Checkout Cluster status timeOut!" in job.states
    assert job.states[-1] == "Cluster run rollback Success"
    after = await deployment.backend.get_cluster(installed.cluster_id)
    assert (after.values, after.spec) == (before.values, before.spec)
    assert after.revision == 1 and after.helm_revision == 3  # 1 → 2 (upgrade) → 3 (= 1)
    assert _env(deployment, "python")["LOG_LEVEL"] == "INFO"  # the old template is back


async def test_update_refusals(deployment: Deployment) -> None:
    await _installed(deployment)
    with pytest.raises(InvalidRequest, match="the configuration file did not change"):
        await deployment.backend.update_cluster(deployment.args())
    with pytest.raises(NotFound, match="name=other Cluster is not existed"):
        await deployment.backend.update_cluster(deployment.args(name="other"))


async def test_delete_uninstalls_and_marks_the_cluster_deleted(deployment: Deployment) -> None:
    installed = await _installed(deployment)
    job = await deployment.finished(await deployment.backend.delete_cluster(installed.cluster_id))
    assert job.status is JobStatus.SUCCESS and job.states == ("uninstall Success",)
    assert job.end_time is not None
    assert await deployment.backend.list_clusters() == []
    (deleted,) = await deployment.backend.list_clusters(include_deleted=True)
    assert deleted.status is ClusterStatus.DELETED
    assert deployment.release_secrets() == []
    assert deployment.emulator.controller.get("StatefulSet", NAMESPACE, "python") is None


async def test_twenty_concurrent_installs_accept_exactly_one(deployment: Deployment) -> None:
    outcomes = await asyncio.gather(
        *(deployment.backend.install_cluster(deployment.args()) for _ in range(20)),
        return_exceptions=True,
    )
    accepted = [outcome for outcome in outcomes if isinstance(outcome, Job)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, Conflict)]
    assert len(accepted) == 1 and len(refused) == 19
    assert all(NAME in str(error) for error in refused)
    await deployment.backend.stop_job(accepted[0].uuid)
    await deployment.finished(accepted[0])
