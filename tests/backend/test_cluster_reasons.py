"""`EmbeddedBackend.cluster_reasons`: why a stored cluster's modules are not ready, read from
its pods and events in the Kubernetes emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.errors import NotFound, Unavailable
from backend.kube import KubeSettings
from backend.models import Cluster, ClusterStatus
from tests.kube.workloads_factory import CLUSTER, NAMESPACE, deployment, statefulset
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

UUID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
FATEFLOW = "federatedai/fateflow:2.0.0-release"


@pytest.fixture
async def backend(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> AsyncIterator[EmbeddedBackend]:
    """A started embedded backend whose kubeconfig points at the emulator, with one cluster
    `fate-9999` in the store (Running, as after an install)."""
    kube_emulator.controller.create_namespace(NAMESPACE)
    db_path = tmp_path / "data" / "kubefate.db"
    embedded = EmbeddedBackend(offline_options(db_path, kube=KubeSettings(kubeconfig=kubeconfig)))
    await embedded.start()
    async with embedded.store.transaction() as tx:
        await tx.clusters.insert(
            Cluster(UUID, CLUSTER, NAMESPACE, "fate", "v2.0.0", status=ClusterStatus.RUNNING)
        )
    try:
        yield embedded
    finally:
        await embedded.close()


async def test_a_pod_that_cannot_pull_its_image_is_the_first_reason(
    kube_emulator: KubeEmulator, backend: EmbeddedBackend
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python", containers={"python": FATEFLOW}))
    control.put(statefulset("mysql"))
    python = control.create_pods(NAMESPACE, "python")[0]
    control.mark_ready(NAMESPACE, "mysql")
    control.fail_pod(NAMESPACE, python, "ImagePullBackOff")
    control.add_event(
        NAMESPACE,
        "Pod",
        python,
        "Failed",
        f'Failed to pull image "{FATEFLOW}": not found',
        count=3,
        when=datetime.now(UTC) - timedelta(minutes=1),
    )

    reasons = await backend.cluster_reasons(UUID)

    assert reasons == [
        f"python: ImagePullBackOff ({FATEFLOW})",
        f'Pod/{python}: Failed: Failed to pull image "{FATEFLOW}": not found (x3)',
    ]


async def test_a_ready_cluster_has_no_reasons(
    kube_emulator: KubeEmulator, backend: EmbeddedBackend
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    control.mark_ready(NAMESPACE, "python")
    control.add_event(NAMESPACE, "Pod", "someone-else-0", "BackOff", "not this cluster's")
    assert await backend.cluster_reasons(UUID) == []


async def test_unknown_and_deleted_clusters_are_not_found(backend: EmbeddedBackend) -> None:
    with pytest.raises(NotFound, match="cluster bbbb: no such cluster"):
        await backend.cluster_reasons("bbbb")
    async with backend.store.transaction() as tx:
        await tx.clusters.soft_delete(UUID)
    with pytest.raises(NotFound, match=f"cluster {UUID}: no such cluster"):
        await backend.cluster_reasons(UUID)


async def test_without_kubernetes_the_error_names_the_kubeconfig(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "kubefate.db"
    offline = EmbeddedBackend(offline_options(db_path))
    await offline.start()
    try:
        async with offline.store.transaction() as tx:
            await tx.clusters.insert(Cluster(UUID, CLUSTER, NAMESPACE, "fate", "v2.0.0"))
        with pytest.raises(Unavailable, match="no-kubeconfig"):
            await offline.cluster_reasons(UUID)
    finally:
        await offline.close()
