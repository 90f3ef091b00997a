"""Only a release this backend made is ever upgraded, rolled back or uninstalled for a cluster:
releases made by the Helm CLI or by a second database on the same Kubernetes cluster are left
alone, whatever path (failed install, update, delete, restart) meets them."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.embedded import EmbeddedBackend
from backend.helm import FIELD_MANAGER, HelmEngine, KubeTarget
from backend.models import ClusterStatus, Job, JobStatus
from tests.engine.conftest import NAME, NAMESPACE, Deployment, backend_for
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator

pytestmark = pytest.mark.slow
OWNER_LABEL = "kubefate-tui/cluster-uuid"
CLI_VALUES = {"partyId": 1, "logLevel": "INFO", "modules": {"python": {"include": True}}}


async def _helm_cli(deployment: Deployment, action: str = "install") -> None:
    """What `helm install` / `helm upgrade` by hand would do: no ownership label."""
    kube = KubeTarget(deployment.kubeconfig, context="emulator", storage_driver="secret")
    async with HelmEngine(deployment.db_path.parent / "cli-helm.log") as helm:
        change = helm.install if action == "install" else helm.upgrade
        await change(mini_fate_chart(), CLI_VALUES, NAME, NAMESPACE, kube)


async def _second_database(deployment: Deployment, folder: Path) -> EmbeddedBackend:
    other = backend_for(folder / "other.db", deployment.kubeconfig)
    await other.start()
    await other.upload_chart(mini_fate_chart())
    return other


async def _finished(backend: EmbeddedBackend, job: Job) -> Job:
    await asyncio.wait_for(backend.engine.wait_idle(), 60)
    return await backend.get_job(job.uuid)


def _python_env(emulator: KubeEmulator) -> dict[str, str]:
    python = emulator.controller.get("StatefulSet", NAMESPACE, "python")
    assert python is not None
    container = python["spec"]["template"]["spec"]["containers"][0]
    return {item["name"]: item["value"] for item in container["env"]}


def _strip_owner_labels(emulator: KubeEmulator) -> None:
    """Make the release look like one installed before ownership was recorded."""
    for secret in emulator.controller.list_objects("Secret", NAMESPACE):
        labels = secret["metadata"].get("labels") or {}
        if labels.pop(OWNER_LABEL, None) is not None:
            emulator.controller.put(secret)


async def test_an_install_over_a_release_made_by_the_helm_cli_leaves_it_alone(
    deployment: Deployment,
) -> None:
    await _helm_cli(deployment)
    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))

    assert job.status is JobStatus.FAILED and job.states is not None
    refusal = job.states[-1]
    assert refusal.startswith(f"helm install error, release {NAME} in namespace {NAMESPACE} ")
    assert "installed outside kubefate-tui" in refusal
    assert f"`helm list -n {NAMESPACE}` shows it" in refusal
    assert "install with cover" in refusal
    assert deployment.release_secrets() == [f"sh.helm.release.v1.{NAME}.v1"]
    assert _python_env(deployment.emulator)["PARTY_ID"] == "1"  # its workloads are untouched
    assert await deployment.backend.list_clusters() == []


async def test_cover_takes_over_a_foreign_release_deliberately(deployment: Deployment) -> None:
    await _helm_cli(deployment)
    deployment.emulator.controller.auto_ready(delay_ms=50)
    args = replace(deployment.args(), cover=True)
    job = await deployment.finished(await deployment.backend.install_cluster(args))

    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states is not None
    assert job.states[2] == "overwrite current installation"
    assert job.states[3].startswith(f"uninstalled for cover: release {NAME} ")
    assert "installed outside kubefate-tui" in job.states[3]
    secret = deployment.emulator.controller.get(
        "Secret", NAMESPACE, f"sh.helm.release.v1.{NAME}.v1"
    )
    assert secret is not None
    assert secret["metadata"]["labels"][OWNER_LABEL] == job.cluster_id
    assert _python_env(deployment.emulator)["PARTY_ID"] == "9999"


async def test_two_databases_on_one_cluster_never_touch_each_others_release(
    deployment: Deployment, tmp_path: Path
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    first = deployment.backend
    installed = await deployment.finished(await first.install_cluster(deployment.args()))
    assert installed.status is JobStatus.SUCCESS, installed.states
    second = await _second_database(deployment, tmp_path)
    try:
        refused = await _finished(second, await second.install_cluster(deployment.args()))
        assert refused.status is JobStatus.FAILED and refused.states is not None
        assert "another database shares this Kubernetes cluster" in refused.states[-1]
        assert deployment.release_secrets() == [f"sh.helm.release.v1.{NAME}.v1"]
        ours = await first.get_cluster(installed.cluster_id)
        assert ours.status is ClusterStatus.RUNNING

        # The second database takes the release over on purpose; the first one's record now
        # names a release that is not its own, which it must neither upgrade nor uninstall.
        covered = await _finished(
            second, await second.install_cluster(replace(deployment.args(), cover=True))
        )
        assert covered.status is JobStatus.SUCCESS, covered.states
        update = await deployment.finished(
            await first.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
        )
        assert update.status is JobStatus.FAILED and update.states is not None
        assert update.states[-1].startswith("UPGRADE FAILED: release ")
        assert "It was not upgraded" in update.states[-1]
        assert _python_env(deployment.emulator)["LOG_LEVEL"] == "INFO"

        delete = await deployment.finished(await first.delete_cluster(installed.cluster_id))
        assert delete.status is JobStatus.SUCCESS and delete.states is not None
        (said,) = delete.states
        assert "It was not uninstalled; only this cluster's record was deleted" in said
        assert await first.list_clusters() == []
        assert deployment.release_secrets() == [f"sh.helm.release.v1.{NAME}.v1"]
        theirs = await second.get_cluster(covered.cluster_id)
        assert theirs.status is ClusterStatus.RUNNING
        assert deployment.emulator.controller.get("StatefulSet", NAMESPACE, "python") is not None
    finally:
        await second.close()


async def test_a_restart_leaves_a_release_that_changed_hands_alone(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    db_path = tmp_path / "data" / "kubefate.db"
    first = backend_for(db_path, kubeconfig)
    await first.start()
    await first.upload_chart(mini_fate_chart())
    deployment = Deployment(first, kube_emulator, kubeconfig, db_path)
    kube_emulator.controller.auto_ready(delay_ms=50)
    installed = await deployment.finished(await first.install_cluster(deployment.args()))
    kube_emulator.controller.stop_auto()  # the update waits for pods that never get ready
    update = await first.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
    await deployment.reached(update, "Cluster update Success")
    await first.close()  # the update is interrupted: its job stays Running until a restart

    second = await _second_database(deployment, tmp_path)
    kube_emulator.controller.auto_ready(delay_ms=50)
    covered = await _finished(
        second, await second.install_cluster(replace(deployment.args(), cover=True))
    )
    assert covered.status is JobStatus.SUCCESS, covered.states
    restarted = backend_for(db_path, kubeconfig)
    await restarted.start()
    try:
        await restarted.engine.wait_idle()
        job = await restarted.get_job(update.uuid)
        assert job.status is JobStatus.FAILED and job.states is not None
        assert "service restarted, job interrupted" in job.states
        assert "only this cluster's record was deleted" in job.states[-1]
        assert await restarted.list_clusters() == []
        assert (await second.get_cluster(covered.cluster_id)).status is ClusterStatus.RUNNING
        assert deployment.release_secrets() == [f"sh.helm.release.v1.{NAME}.v1"]
        assert installed.cluster_id != covered.cluster_id
    finally:
        await restarted.close()
        await second.close()


async def test_a_release_from_before_ownership_is_recognised_by_its_record(
    deployment: Deployment,
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    installed = await deployment.finished(
        await deployment.backend.install_cluster(deployment.args())
    )
    _strip_owner_labels(deployment.emulator)

    job = await deployment.finished(await deployment.backend.delete_cluster(installed.cluster_id))
    assert job.status is JobStatus.SUCCESS and job.states == ("uninstall Success",)
    assert deployment.release_secrets() == []


async def test_a_pre_ownership_release_changed_by_someone_else_is_left_alone(
    deployment: Deployment,
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    installed = await deployment.finished(
        await deployment.backend.install_cluster(deployment.args())
    )
    _strip_owner_labels(deployment.emulator)
    await _helm_cli(deployment, "upgrade")  # revision 2, which our record never saw

    job = await deployment.finished(await deployment.backend.delete_cluster(installed.cluster_id))
    assert job.status is JobStatus.SUCCESS and job.states is not None
    assert "installed outside kubefate-tui" in job.states[-1]
    assert "only this cluster's record was deleted" in job.states[-1]
    assert deployment.release_secrets() == [
        f"sh.helm.release.v1.{NAME}.v1",
        f"sh.helm.release.v1.{NAME}.v2",
    ]


def _managers(obj: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["manager"], e["operation"]) for e in obj["metadata"].get("managedFields", [])}


async def test_an_update_takes_back_fields_a_kubectl_edit_changed(deployment: Deployment) -> None:
    controller = deployment.emulator.controller
    controller.auto_ready(delay_ms=50)
    installed = await deployment.finished(
        await deployment.backend.install_cluster(deployment.args())
    )
    assert installed.status is JobStatus.SUCCESS, installed.states
    python = controller.get("StatefulSet", NAMESPACE, "python")
    assert python is not None and _managers(python) == {(FIELD_MANAGER, "Apply")}
    with httpx.Client(base_url=deployment.emulator.url, timeout=5) as http:
        http.patch(  # what `kubectl edit statefulset python` saving replicas: 2 sends
            f"/apis/apps/v1/namespaces/{NAMESPACE}/statefulsets/python",
            params={"fieldManager": "kubectl-edit"},
            json={"spec": {"replicas": 2}},
            headers={"content-type": "application/strategic-merge-patch+json"},
        ).raise_for_status()

    job = await deployment.finished(
        await deployment.backend.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
    )
    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states is not None and len(job.states) == 2
    taken, updated = job.states
    assert taken.startswith("fields changed outside kubefate-tui were taken back: ")
    assert 'conflict with "kubectl-edit" using apps/v1: .spec.replicas' in taken
    assert updated == "Cluster update Success"
    python = controller.get("StatefulSet", NAMESPACE, "python")
    assert python is not None and python["spec"]["replicas"] == 1
    assert ("kubectl-edit", "Update") not in _managers(python)
    assert _python_env(deployment.emulator)["LOG_LEVEL"] == "DEBUG"
