"""What reaches Helm, and what a restart finds after the backend was killed mid-install."""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from backend.models import ClusterStatus, JobStatus
from backend.store import Store
from tests.engine.conftest import NAME, NAMESPACE, Deployment, backend_for
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator

pytestmark = pytest.mark.slow
REPO_ROOT = Path(__file__).resolve().parents[2]


def _release(emulator: KubeEmulator, revision: int) -> dict[str, Any]:
    """Helm's stored release: base64(gzip(JSON)) in the Secret's `release` key."""
    secret = emulator.controller.get("Secret", NAMESPACE, f"sh.helm.release.v1.{NAME}.v{revision}")
    assert secret is not None
    packed = base64.b64decode(base64.b64decode(secret["data"]["release"]))
    release: dict[str, Any] = json.loads(gzip.decompress(packed))
    return release


async def test_the_uploaded_charts_values_template_decides_the_helm_values(
    deployment: Deployment,
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    args = deployment.args(registry='"registry.example.com/"', python="{logLevel: WARN}")
    job = await deployment.finished(await deployment.backend.install_cluster(args))
    assert job.status is JobStatus.SUCCESS, job.states

    release = _release(deployment.emulator, 1)
    assert release["chart"]["metadata"]["name"] == "fate"
    assert release["config"] == {
        "partyId": 9999,  # `int64 | toString` renders 9999; YAML reads it back as a number
        "partyName": NAME,
        "image": {"registry": "registry.example.com/", "tag": "2.0.0-release"},
        "logLevel": "WARN",
        "modules": {
            "python": {"include": True},
            "mysql": {"include": True},
            "fateboard": {"include": True},
        },
    }
    python = deployment.emulator.controller.get("StatefulSet", NAMESPACE, "python")
    assert python is not None
    image = python["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "registry.example.com/federatedai/fateflow:2.0.0-release"


_CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from backend.kube import KubeSettings
    from backend.embedded import EmbeddedBackend
    from backend.models import ClusterArgs
    from tests.engine.mini_fate_chart import cluster_yaml
    from tests.offline_backend import offline_options

    async def main(db, kubeconfig):
        options = offline_options(Path(db), kube=KubeSettings(kubeconfig=Path(kubeconfig)))
        backend = EmbeddedBackend(options)
        await backend.start()
        args = ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0", data=cluster_yaml())
        job = await backend.install_cluster(args)
        print(job.uuid, flush=True)
        await asyncio.Event().wait()  # until killed

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


async def _states(db_path: Path, job_uuid: str) -> tuple[str, ...]:
    store = await Store.open(db_path)
    try:
        job = await store.read.jobs.get(job_uuid)
        return () if job is None or job.states is None else job.states
    finally:
        await store.close()


async def test_a_backend_killed_mid_install_is_recovered_on_restart(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    db_path = tmp_path / "data" / "kubefate.db"
    seeding = backend_for(db_path, kubeconfig)
    await seeding.start()
    await seeding.upload_chart(mini_fate_chart())
    await seeding.close()

    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db_path), str(kubeconfig)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        job_uuid = child.stdout.readline().strip()
        deadline = time.monotonic() + 30
        while "helm install Success" not in await _states(db_path, job_uuid):
            assert time.monotonic() < deadline, "the child never got past helm install"
            await asyncio.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)

    for module in ("python", "mysql", "fateboard"):  # the cluster came up meanwhile
        kube_emulator.controller.mark_ready(NAMESPACE, module)
    restarted = backend_for(db_path, kubeconfig)
    await restarted.start()
    try:
        await restarted.engine.wait_idle()
        job = await restarted.get_job(job_uuid)
        assert job.status is JobStatus.FAILED and job.end_time is not None
        assert job.states is not None and job.states[-1] == "service restarted, job interrupted"
        assert [j.status for j in await restarted.list_jobs()] == [JobStatus.FAILED]
        cluster = await restarted.get_cluster(job.cluster_id)
        assert (cluster.status, cluster.revision, cluster.helm_revision) == (
            ClusterStatus.RUNNING,
            1,
            1,
        )
    finally:
        await restarted.close()
