"""Installing and updating FATE clusters with the bundled `fate` chart: the embedded backend
finds the chart in charts/ (nothing uploaded, no chart repository), Helm applies it to the
Kubernetes emulator, and the job follows every workload until the test's controller marks them
ready (§3.2, §3.3)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import ClusterArgs, ClusterStatus, Job, JobStatus, SubJobStatus
from tests.charts.fate_renders import BUNDLED_CHARTS, example_spec, spec_text
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

NAMESPACE = "fate-9999"


@pytest.fixture
async def backend(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> AsyncIterator[EmbeddedBackend]:
    kube_emulator.controller.create_namespace(NAMESPACE)
    options = offline_options(
        tmp_path / "kubefate.db",
        kube=KubeSettings(kubeconfig=kubeconfig),
        bundled_charts=BUNDLED_CHARTS,
    )
    backend = EmbeddedBackend(options)
    await backend.start()
    try:
        yield backend
    finally:
        await backend.close()


def _args(text: str) -> ClusterArgs:
    spec = yaml.safe_load(text)
    return ClusterArgs(spec["name"], spec["namespace"], "fate", "v2.0.0", data=text.encode())


async def _finished(backend: EmbeddedBackend, job: Job) -> Job:
    await asyncio.wait_for(backend.engine.wait_idle(), 60)
    return await backend.get_job(job.uuid)


@pytest.mark.parametrize(
    ("example", "workloads"),
    [
        (
            "cluster.yaml",
            {"osx", "clustermanager", "fateboard", "python", "nodemanager", "client", "mysql"},
        ),
        (
            "cluster-spark-pulsar.yaml",
            {
                "spark-master",
                "spark-worker",
                "nginx",
                "fateboard",
                "python",
                "client",
                "mysql",
                "namenode",
                "datanode",
                "pulsar",
            },
        ),
    ],
)
async def test_install_then_update_with_the_bundled_chart(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator, example: str, workloads: set[str]
) -> None:
    kube_emulator.controller.auto_ready(delay_ms=50)
    spec = example_spec(example)
    installed = await _finished(backend, await backend.install_cluster(_args(spec_text(spec))))

    assert installed.status is JobStatus.SUCCESS, installed.states
    assert installed.sub_jobs is not None and set(installed.sub_jobs) == workloads
    assert {s.status for s in installed.sub_jobs.values()} == {SubJobStatus.SUCCESS}
    cluster = await backend.get_cluster(installed.cluster_id)
    assert cluster.status is ClusterStatus.RUNNING
    assert (cluster.chart_name, cluster.chart_version) == ("fate", "v2.0.0")

    spec["python"] = {"imageTag": "2.0.0-hotfix"}
    updated = await _finished(backend, await backend.update_cluster(_args(spec_text(spec))))

    assert updated.status is JobStatus.SUCCESS, updated.states
    cluster = await backend.get_cluster(installed.cluster_id)
    assert (cluster.status, cluster.revision, cluster.helm_revision) == (
        ClusterStatus.RUNNING,
        2,
        2,
    )
    python = kube_emulator.controller.get("StatefulSet", NAMESPACE, "python")
    assert python is not None
    image = python["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image.endswith(":2.0.0-hotfix")
