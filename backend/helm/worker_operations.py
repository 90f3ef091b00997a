"""The operations the Helm worker process runs, each a thin call into helm_python.

Imported only inside the worker process (it loads Helm's Go library). Every handler takes the
request's `args` and returns something JSON can carry; helm_python's exceptions propagate and
the worker loop reports their class name and message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import helm_python as helm

from backend.helm import abi_calls
from backend.helm.protocol import pack_bytes, unpack_bytes
from backend.helm.release_info import LIVE_STATUSES

Handler = Callable[[dict[str, Any]], Any]

_SERVICE_ACCOUNT = Path("/var/run/secrets/kubernetes.io/serviceaccount")
# Helm 4 names "do not wait for resources, only for hooks" explicitly; it is what Helm 3 did
# without --wait, and what KubeFATE does (§4.5: no wait).
_NO_WAIT = "hookOnly"


def versions() -> str:
    return f"helm-c {helm.helm_c_version()}, Helm SDK {helm.helm_sdk_version()}"


def ping(_: dict[str, Any]) -> str:
    return versions()


def render(args: dict[str, Any]) -> dict[str, str]:
    with helm.Chart.load_archive(unpack_bytes(args["archive"])) as chart:
        return chart.render(
            args["values"],
            name=args["release"],
            namespace=args["namespace"],
            is_install=True,
        )


def parse_values(args: dict[str, Any]) -> dict[str, Any]:
    """YAML text to values the way Helm (and KubeFATE's sigs.k8s.io/yaml) reads them."""
    return helm.values_from_yaml(args["text"])


def package(args: dict[str, Any]) -> str:
    with tempfile.TemporaryDirectory(prefix="kubefate-package-") as destination:
        written = helm.package(args["directory"], destination=destination)
        return pack_bytes(Path(written).read_bytes())


def repo_index(args: dict[str, Any]) -> dict[str, Any]:
    index = helm.repo_index(
        args["url"], username=args.get("username"), password=args.get("password")
    )
    return {"entries": index.get("entries") or {}}


def pull_url(args: dict[str, Any]) -> str:
    """Download one chart archive by its absolute URL (taken from the repository index)."""
    with tempfile.TemporaryDirectory(prefix="kubefate-pull-") as destination:
        helm.pull(
            args["url"],
            destination=destination,
            username=args.get("username"),
            password=args.get("password"),
        )
        archives = sorted(Path(destination).glob("*.tgz"))
        if len(archives) != 1:
            raise helm.HelmRepoError(f"downloading {args['url']} produced no chart archive")
        return pack_bytes(archives[0].read_bytes())


def install(args: dict[str, Any]) -> dict[str, Any]:
    """`helm install` without Helm's wait; `labels` become the release's labels."""
    with (
        _config(args) as config,
        helm.Chart.load_archive(unpack_bytes(args["archive"])) as chart,
        _deadline(args["timeout"]) as context,
    ):
        return _without_manifest(
            config.install(
                chart,
                args["release"],
                args["values"],
                context=context,
                namespace=args["namespace"],
                timeout=args["timeout"],
                wait=_NO_WAIT,
                description=args.get("description"),
                labels=args.get("labels") or None,
            )
        )


def upgrade(args: dict[str, Any]) -> dict[str, Any]:
    """`helm upgrade` without Helm's wait; `force_conflicts` takes over fields another field
    manager owns (`helm upgrade --force-conflicts`)."""
    with (
        _config(args) as config,
        helm.Chart.load_archive(unpack_bytes(args["archive"])) as chart,
        _deadline(args["timeout"]) as context,
    ):
        options = {
            "namespace": args["namespace"],
            "timeout_seconds": args["timeout"],
            "wait": _NO_WAIT,
            "description": args.get("description"),
            "labels": args.get("labels") or None,
            "force_conflicts": bool(args.get("force_conflicts")) or None,
        }
        return _without_manifest(
            abi_calls.upgrade(config, chart, args["release"], args["values"], context, options)
        )


def rollback(args: dict[str, Any]) -> dict[str, Any]:
    with _config(args) as config:
        revision = args.get("revision") or _previous_live_revision(config, args["release"])
        options = {
            "version": revision,
            "timeout_seconds": args["timeout"],
            "wait": _NO_WAIT,
            "force_conflicts": bool(args.get("force_conflicts")) or None,
        }
        abi_calls.rollback(config, args["release"], options)
        return _described_status(config, args["release"])


def uninstall(args: dict[str, Any]) -> dict[str, Any]:
    with _config(args) as config:
        result = config.uninstall(
            args["release"],
            timeout=args["timeout"],
            ignore_not_found=bool(args.get("ignore_not_found")),
        )
        return {"info": str(result.get("info", ""))}


def status(args: dict[str, Any]) -> dict[str, Any] | None:
    with _config(args) as config:
        try:
            return _described_status(config, args["release"])
        except helm.HelmNotFoundError:
            return None


def history(args: dict[str, Any]) -> list[dict[str, Any]]:
    with _config(args) as config:
        try:
            return [_without_manifest(item) for item in config.history(args["release"])]
        except helm.HelmNotFoundError:
            return []


HANDLERS: dict[str, Handler] = {
    "ping": ping,
    "render": render,
    "parse_values": parse_values,
    "package": package,
    "repo_index": repo_index,
    "pull_url": pull_url,
    "install": install,
    "upgrade": upgrade,
    "rollback": rollback,
    "uninstall": uninstall,
    "status": status,
    "history": history,
}


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
def _config(args: dict[str, Any]) -> Iterator[helm.Config]:
    """A fresh Config per request, so an edited kubeconfig or a rotated token is picked up."""
    kube: dict[str, Any] = args["kube"]
    options: dict[str, Any] = {
        "namespace": args["namespace"],
        "storage_driver": kube.get("storage_driver") or "secret",
    }
    if kube.get("in_cluster"):
        options.update(_service_account())
    else:
        options["kubeconfig_path"] = kube.get("kubeconfig")
        options["kube_context"] = kube.get("context")
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
