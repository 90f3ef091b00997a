"""An embedded backend deploying into the Kubernetes emulator through the real Helm engine."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import ClusterArgs, Job
from tests.engine.mini_fate_chart import cluster_yaml, mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

NAMESPACE = "fate-9999"
NAME = "fate-9999"


@dataclass
class Deployment:
    """The backend under test and the cluster it deploys to."""

    backend: EmbeddedBackend
    emulator: KubeEmulator
    kubeconfig: Path
    db_path: Path

    def args(self, name: str = NAME, **extra: str) -> ClusterArgs:
        return ClusterArgs(name, NAMESPACE, "fate", "v2.0.0", data=cluster_yaml(name, **extra))

    async def finished(self, job: Job) -> Job:
        """The job once the engine has nothing left to do."""
        await asyncio.wait_for(self.backend.engine.wait_idle(), 60)
        return await self.backend.get_job(job.uuid)

    async def reached(self, job: Job, state: str, timeout: float = 30) -> Job:
        """The job once `state` is among its states (fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            current = await self.backend.get_job(job.uuid)
            if state in (current.states or ()):
                return current
            if time.monotonic() > deadline:
                raise AssertionError(f"job never reached {state!r}: {current.states}")
            await asyncio.sleep(0.02)

    def release_secrets(self, name: str = NAME) -> list[str]:
        """Helm's release records in the namespace (what `helm list` reads)."""
        secrets = self.emulator.controller.list_objects("Secret", NAMESPACE)
        return sorted(
            s["metadata"]["name"]
            for s in secrets
            if s["metadata"].get("labels", {}).get("owner") == "helm"
            and s["metadata"]["labels"].get("name") == name
        )


def backend_for(db_path: Path, kubeconfig: Path) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path, kube=KubeSettings(kubeconfig=kubeconfig)))


@pytest.fixture
async def deployment(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> AsyncIterator[Deployment]:
    kube_emulator.controller.create_namespace(NAMESPACE)
    db_path = tmp_path / "data" / "kubefate.db"
    backend = backend_for(db_path, kubeconfig)
    await backend.start()
    await backend.upload_chart(mini_fate_chart())
    try:
        yield Deployment(backend, kube_emulator, kubeconfig, db_path)
    finally:
        await backend.close()


async def eventually(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
