"""A worker that dies, hangs or cannot start costs one request, never the caller's process."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest

from backend.helm import (
    ClusterAccessError,
    HelmCrashed,
    HelmEngine,
    HelmTimeout,
    HelmTimeouts,
    HelmUnavailable,
    KubeTarget,
    RepoError,
)
from tests.helm.chart_builder import chart_archive


async def _busy_pid(helm: HelmEngine) -> int:
    for _ in range(200):
        if pids := helm.busy_worker_pids():
            return pids[0]
        await asyncio.sleep(0.01)
    raise AssertionError("no worker became busy")


async def test_a_killed_worker_fails_its_request_and_the_next_one_works(
    helm: HelmEngine, helm_log: Path, silent_server: str
) -> None:
    hung = asyncio.create_task(helm.repo_index(silent_server))
    pid = await _busy_pid(helm)

    os.kill(pid, signal.SIGKILL)

    with pytest.raises(HelmCrashed) as caught:
        await hung
    message = str(caught.value)
    assert f"Helm's engine stopped unexpectedly during reading {silent_server}" in message
    assert "SIGKILL" in message
    assert str(helm_log) in message
    manifests = await helm.render(chart_archive(), {}, "r", "ns")
    assert manifests
    assert pid not in helm.worker_pids()


async def test_a_worker_that_exits_mid_request_is_a_crash(
    helm: HelmEngine, silent_server: str
) -> None:
    hung = asyncio.create_task(helm.repo_index(silent_server))
    pid = await _busy_pid(helm)

    os.kill(pid, signal.SIGTERM)

    with pytest.raises(HelmCrashed, match="killed by SIGTERM"):
        await hung
    assert await helm.version()


async def test_a_hung_operation_times_out_and_its_worker_is_stopped(
    helm_log: Path, silent_server: str
) -> None:
    async with HelmEngine(helm_log, timeouts=HelmTimeouts(repo=1.0)) as helm:
        await helm.version()  # a warm worker, so the limit measures the request alone
        pid = helm.worker_pids()[0]
        started = time.monotonic()

        with pytest.raises(HelmTimeout, match=r"took longer than 1 s.*see .*helm\.log"):
            await helm.repo_index(silent_server)

        assert time.monotonic() - started < 5
        assert pid not in helm.worker_pids()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        assert await helm.version()


async def test_cancelling_the_caller_stops_the_worker(helm: HelmEngine, silent_server: str) -> None:
    hung = asyncio.create_task(helm.repo_index(silent_server))
    pid = await _busy_pid(helm)

    hung.cancel()
    with pytest.raises(asyncio.CancelledError):
        await hung

    assert pid not in helm.worker_pids()
    assert await helm.version()


async def test_two_workers_serve_two_requests_at_once(helm: HelmEngine, silent_server: str) -> None:
    hung = asyncio.create_task(helm.repo_index(silent_server))
    await _busy_pid(helm)

    manifests = await asyncio.wait_for(helm.render(chart_archive(), {}, "r", "ns"), 10)

    assert manifests and len(helm.worker_pids()) == 2
    hung.cancel()
    with pytest.raises(asyncio.CancelledError):
        await hung


async def test_an_engine_that_cannot_load_helm_says_so(
    helm_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shadow = tmp_path / "shadow" / "helm_python"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('libhelm_c.so is missing')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow.parent))

    async with HelmEngine(helm_log) as helm:
        with pytest.raises(HelmUnavailable) as caught:
            await helm.version()

    assert "could not start (exit code 3)" in str(caught.value)
    assert "libhelm_c.so is missing" in str(caught.value)


async def test_an_unreachable_repository_is_a_repo_error(
    helm: HelmEngine, closed_port_url: str
) -> None:
    with pytest.raises(RepoError, match="connection refused"):
        await helm.repo_index(closed_port_url)


async def test_an_unreachable_cluster_is_a_cluster_access_error(
    helm: HelmEngine, tmp_path: Path, closed_port_url: str
) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\n"
        f"clusters: [{{name: c, cluster: {{server: '{closed_port_url}'}}}}]\n"
        "users: [{name: u, user: {token: t}}]\n"
        "contexts: [{name: ctx, context: {cluster: c, user: u}}]\n"
        "current-context: ctx\n",
        encoding="utf-8",
    )
    kube = KubeTarget(kubeconfig, storage_driver="secret")

    with pytest.raises(ClusterAccessError, match="cluster unreachable"):
        await helm.install(chart_archive(), {}, "fate-9999", "fate-9999", kube)
    with pytest.raises(ClusterAccessError, match="cluster unreachable"):
        await helm.status("fate-9999", "fate-9999", kube)
    with pytest.raises(ClusterAccessError, match='context "nope" does not exist'):
        await helm.history("fate-9999", "fate-9999", KubeTarget(kubeconfig, context="nope"))


async def test_in_cluster_outside_a_pod_is_explained(
    helm: HelmEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)

    with pytest.raises(ClusterAccessError, match="not in a pod"):
        await helm.status("fate-9999", "fate-9999", KubeTarget(in_cluster=True))
