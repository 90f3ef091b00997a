"""The operations the Helm worker process runs, each a thin call into helm_python.

Imported only inside the worker process (it loads Helm's Go library). `run` dispatches each
request (backend/helm/worker_requests.py) to the function for its type; every function returns
something JSON can carry; helm_python's exceptions propagate and the worker loop reports their
class name and message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, assert_never

import helm_python as helm

from backend.helm import abi_calls
from backend.helm.kube_target import KubeTarget
from backend.helm.protocol import pack_bytes
from backend.helm.release_info import LIVE_STATUSES
from backend.helm.worker_requests import (
    History,
    Install,
    Package,
    ParseValues,
    Ping,
    PullUrl,
    Render,
    RepoIndex,
    Rollback,
    Status,
    Uninstall,
    Upgrade,
    WorkerRequest,
)

_SERVICE_ACCOUNT = Path("/var/run/secrets/kubernetes.io/serviceaccount")
# Helm 4 names "do not wait for resources, only for hooks" explicitly; it is what Helm 3 did
# without --wait, and what KubeFATE does (§4.5: no wait).
_NO_WAIT = "hookOnly"


def versions() -> str:
    return f"helm-c {helm.helm_c_version()}, Helm SDK {helm.helm_sdk_version()}"


def run(request: WorkerRequest) -> object:
    """The result of one request, from the function for its type."""
    match request:
        case Ping():
            return versions()
        case Render():
            return render(request)
        case ParseValues():
            return helm.values_from_yaml(request.text)
        case Package():
            return package(request)
        case RepoIndex():
            return repo_index(request)
        case PullUrl():
            return pull_url(request)
        case Install():
            return install(request)
        case Upgrade():
            return upgrade(request)
        case Rollback():
            return rollback(request)
        case Uninstall():
            return uninstall(request)
        case Status():
            return status(request)
        case History():
            return history(request)
        case _:
            assert_never(request)


def render(request: Render) -> dict[str, str]:
    with helm.Chart.load_archive(request.archive) as chart:
        return chart.render(
            request.values,
            name=request.release,
            namespace=request.namespace,
            is_install=True,
        )


def package(request: Package) -> str:
    with tempfile.TemporaryDirectory(prefix="kubefate-package-") as destination:
        written = helm.package(request.directory, destination=destination)
        return pack_bytes(Path(written).read_bytes())


def repo_index(request: RepoIndex) -> dict[str, Any]:
    index = helm.repo_index(request.url, username=request.username, password=request.password)
    return {"entries": index.get("entries") or {}}


def pull_url(request: PullUrl) -> str:
    """Download one chart archive by its absolute URL (taken from the repository index)."""
    with tempfile.TemporaryDirectory(prefix="kubefate-pull-") as destination:
        helm.pull(
            request.url,
            destination=destination,
            username=request.username,
            password=request.password,
        )
        archives = sorted(Path(destination).glob("*.tgz"))
        if len(archives) != 1:
            raise helm.HelmRepoError(f"downloading {request.url} produced no chart archive")
        return pack_bytes(archives[0].read_bytes())


def install(request: Install) -> dict[str, Any]:
    """`helm install` without Helm's wait; `labels` become the release's labels."""
    with (
        _config(request.kube, request.namespace) as config,
        helm.Chart.load_archive(request.archive) as chart,
        _deadline(request.timeout) as context,
    ):
        return _without_manifest(
            config.install(
                chart,
                request.release,
                request.values,
                context=context,
                namespace=request.namespace,
                timeout=request.timeout,
                wait=_NO_WAIT,
                description=request.description,
                labels=request.labels or None,
            )
        )


def upgrade(request: Upgrade) -> dict[str, Any]:
    """`helm upgrade` without Helm's wait; `force_conflicts` takes over fields another field
    manager owns (`helm upgrade --force-conflicts`)."""
    with (
        _config(request.kube, request.namespace) as config,
        helm.Chart.load_archive(request.archive) as chart,
        _deadline(request.timeout) as context,
    ):
        options = {
            "namespace": request.namespace,
            "timeout_seconds": request.timeout,
            "wait": _NO_WAIT,
            "description": request.description,
            "labels": request.labels or None,
            "force_conflicts": request.force_conflicts or None,
        }
        return _without_manifest(
            abi_calls.upgrade(config, chart, request.release, request.values, context, options)
        )


def rollback(request: Rollback) -> dict[str, Any]:
    with _config(request.kube, request.namespace) as config:
        revision = request.revision or _previous_live_revision(config, request.release)
        options = {
            "version": revision,
            "timeout_seconds": request.timeout,
            "wait": _NO_WAIT,
            "force_conflicts": request.force_conflicts or None,
        }
        abi_calls.rollback(config, request.release, options)
        return _described_status(config, request.release)


def uninstall(request: Uninstall) -> dict[str, Any]:
    with _config(request.kube, request.namespace) as config:
        result = config.uninstall(
            request.release,
            timeout=request.timeout,
            ignore_not_found=request.ignore_not_found,
        )
        return {"info": str(result.get("info", ""))}


def status(request: Status) -> dict[str, Any] | None:
    with _config(request.kube, request.namespace) as config:
        try:
            return _described_status(config, request.release)
        except helm.HelmNotFoundError:
            return None


def history(request: History) -> list[dict[str, Any]]:
    with _config(request.kube, request.namespace) as config:
        try:
            return [_without_manifest(item) for item in config.history(request.release)]
        except helm.HelmNotFoundError:
            return []


def _previous_live_revision(config: helm.Config, release: str) -> int:
    """The newest revision before the latest one that was actually deployed.

    Helm's own "previous" is latest - 1, which after a failed upgrade chain can be another failed
    revision; KubeFATE's `helm_revision - 1` is off by one more (§3.3). A deployed/superseded
    revision is one the cluster really ran.
    """
    revisions = config.history(release)
    latest = max((int(item.get("revision") or 0) for item in revisions), default=0)
    earlier = [
        int(item.get("revision") or 0)
        for item in revisions
        if int(item.get("revision") or 0) < latest and item.get("status") in LIVE_STATUSES
    ]
    if not earlier:
        raise helm.HelmNotFoundError(
            f"release {release} has no earlier deployed revision to roll back to"
        )
    return max(earlier)


def _described_status(config: helm.Config, release: str) -> dict[str, Any]:
    """The latest revision's summary plus its description ("Rollback to 2"...) and when the
    release was first deployed, which only `helm get all` carries."""
    stored = config.get_all(release)
    summary = _without_manifest(stored.get("summary") or {})
    info = stored.get("info") or {}
    summary["description"] = info.get("description", "")
    summary["first_deployed"] = info.get("first_deployed", "")
    return summary


def _without_manifest(summary: dict[str, Any]) -> dict[str, Any]:
    """Manifests can be megabytes and nobody above needs them from these calls."""
    return {key: value for key, value in summary.items() if key != "manifest"}


@contextlib.contextmanager
def _config(kube: KubeTarget, namespace: str) -> Iterator[helm.Config]:
    """A fresh Config per request, so an edited kubeconfig or a rotated token is picked up."""
    options: dict[str, Any] = {
        "namespace": namespace,
        "storage_driver": kube.storage_driver or "secret",
    }
    if kube.in_cluster:
        options.update(_service_account())
    else:
        options["kubeconfig_path"] = None if kube.kubeconfig is None else str(kube.kubeconfig)
        options["kube_context"] = kube.context
    with helm.Config(**options) as config:
        yield config


def _service_account() -> dict[str, Any]:
    host = os.environ.get("KUBERNETES_SERVICE_HOST")
    port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
    token_file = _SERVICE_ACCOUNT / "token"
    if not host or not token_file.is_file():
        raise helm.HelmKubeError(
            "in-cluster access was asked for, but this process is not in a pod "
            f"(no KUBERNETES_SERVICE_HOST or no {token_file})"
        )
    host = f"[{host}]" if ":" in host else host  # IPv6 service address
    return {
        "kube_apiserver": f"https://{host}:{port}",
        "kube_token": token_file.read_text(encoding="utf-8").strip(),
        "kube_ca_file": str(_SERVICE_ACCOUNT / "ca.crt"),
    }


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[helm.HelmContext]:
    """A cancellation token fired at the deadline, so Helm stops cleanly before being killed."""
    with helm.HelmContext() as context:
        timer = threading.Timer(seconds, context.cancel)
        timer.daemon = True
        timer.start()
        try:
            yield context
        finally:
            timer.cancel()
