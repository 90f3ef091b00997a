"""Which cluster to talk to, and the connection to it.

A kubeconfig (explicit path, `$KUBECONFIG` with several files, or `~/.kube/config`) and a
context, or the in-cluster service account when we run in a pod. Reading contexts for the
console header uses PyYAML only, so it costs nothing; `connect()` is what imports the
Kubernetes client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.errors import Unavailable

if TYPE_CHECKING:  # the embedded backend names KubeSettings before the console's first frame
    from backend.kube.api import KubeApi

SERVICE_ACCOUNT_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")
DEFAULT_KUBECONFIG = Path("~/.kube/config")
IN_CLUSTER = "in-cluster"


class KubeConfigError(Unavailable):
    """The kubeconfig or the in-cluster environment does not describe a usable cluster."""


@dataclass(frozen=True, slots=True)
class KubeSettings:
    """Where the cluster is: a kubeconfig and context, or the pod's service account.

    `in_cluster=None` decides by itself: in-cluster when no kubeconfig is named or found and
    `KUBERNETES_SERVICE_HOST` is set (as in every pod).
    """

    kubeconfig: Path | None = None
    context: str | None = None
    in_cluster: bool | None = None


@dataclass(frozen=True, slots=True)
class ContextInfo:
    name: str
    cluster: str
    server: str
    user: str
    namespace: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class KubeTarget:
    """The cluster a connection goes to, in words for the console header."""

    context: str  # "in-cluster" for the service account
    server: str
    namespace: str | None  # the context's (or service account's) default namespace
    source: str  # the kubeconfig file(s), or the service account directory

    def describe(self) -> str:
        return f"{self.context} ({self.server})"


# ----- kubeconfig reading ------------------------------------------------------------------


def kubeconfig_paths(settings: KubeSettings) -> list[Path]:
    """The kubeconfig files in force: the named one, else $KUBECONFIG's, else the default."""
    if settings.kubeconfig is not None:
        return [settings.kubeconfig.expanduser()]
    env = os.environ.get("KUBECONFIG", "")
    listed = [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    return listed or [DEFAULT_KUBECONFIG.expanduser()]


def _shown(paths: list[Path]) -> str:
    home = str(Path.home())
    texts = [str(p).replace(home, "~", 1) if str(p).startswith(home) else str(p) for p in paths]
    return os.pathsep.join(texts)


@dataclass(frozen=True, slots=True)
class _Kubeconfig:
    """Several kubeconfig files merged like kubectl does: the first definition of a name wins."""

    paths: list[Path]
    contexts: dict[str, dict[str, Any]]
    clusters: dict[str, dict[str, Any]]
    current: str | None

    @property
    def shown(self) -> str:
        return _shown(self.paths)


def _named(document: dict[str, Any], key: str, inner: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in document.get(key) or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            body = entry.get(inner)
            out[entry["name"]] = body if isinstance(body, dict) else {}
    return out


def read_kubeconfig(paths: list[Path]) -> _Kubeconfig:
    """Parse and merge kubeconfig files; a missing or unreadable file is a KubeConfigError."""
    contexts: dict[str, dict[str, Any]] = {}
    clusters: dict[str, dict[str, Any]] = {}
    current: str | None = None
    existing = [p for p in paths if p.is_file()]
    if not existing:
        raise KubeConfigError(f"kubeconfig {_shown(paths)} not found")
    import yaml  # here: the console's start imports this module but reads no kubeconfig

    for path in existing:
        try:
            document = yaml.safe_load(path.read_text()) or {}
        except (OSError, yaml.YAMLError) as error:
            raise KubeConfigError(f"kubeconfig {_shown([path])} is unreadable: {error}") from error
        if not isinstance(document, dict):
            raise KubeConfigError(f"kubeconfig {_shown([path])} is not a kubeconfig mapping")
        for name, body in _named(document, "contexts", "context").items():
            contexts.setdefault(name, body)
        for name, body in _named(document, "clusters", "cluster").items():
            clusters.setdefault(name, body)
        if current is None and document.get("current-context"):
            current = str(document["current-context"])
    return _Kubeconfig(existing, contexts, clusters, current)


def list_contexts(settings: KubeSettings) -> list[ContextInfo]:
    """Every context of the kubeconfig in force, the current (or chosen) one marked."""
    config = read_kubeconfig(kubeconfig_paths(settings))
    chosen = settings.context or config.current
    out = []
    for name, body in config.contexts.items():
        cluster = str(body.get("cluster") or "")
        out.append(
            ContextInfo(
                name=name,
                cluster=cluster,
                server=str(config.clusters.get(cluster, {}).get("server") or ""),
                user=str(body.get("user") or ""),
                namespace=body.get("namespace") or None,
                current=name == chosen,
            )
        )
    return out


def _choose_context(config: _Kubeconfig, wanted: str | None) -> str:
    available = ", ".join(sorted(config.contexts)) or "none"
    name = wanted or config.current
    if not name:
        raise KubeConfigError(
            f"kubeconfig {config.shown} has no current-context; choose one of: {available}"
        )
    if name not in config.contexts:
        raise KubeConfigError(
            f'kubeconfig {config.shown}: context "{name}" not found; available: {available}'
        )
    return name


# ----- in-cluster --------------------------------------------------------------------------


def _in_cluster_possible() -> bool:
    return (
        bool(os.environ.get("KUBERNETES_SERVICE_HOST"))
        and (SERVICE_ACCOUNT_DIR / "token").is_file()
    )


def uses_in_cluster(settings: KubeSettings) -> bool:
    if settings.in_cluster is not None:
        return settings.in_cluster
    if settings.kubeconfig is not None or settings.context is not None:
        return False
    if any(p.is_file() for p in kubeconfig_paths(settings)):
        return False
    return _in_cluster_possible()


def _in_cluster_target() -> KubeTarget:
    host = os.environ.get("KUBERNETES_SERVICE_HOST", "")
    port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
    if not host:
        raise KubeConfigError(
            "in-cluster configuration needs KUBERNETES_SERVICE_HOST (are we running in a pod?)"
        )
    if not (SERVICE_ACCOUNT_DIR / "token").is_file():
        raise KubeConfigError(f"in-cluster configuration: {SERVICE_ACCOUNT_DIR}/token not found")
    namespace_file = SERVICE_ACCOUNT_DIR / "namespace"
    namespace = namespace_file.read_text().strip() if namespace_file.is_file() else None
    server = f"https://{f'[{host}]' if ':' in host else host}:{port}"
    return KubeTarget(IN_CLUSTER, server, namespace or None, str(SERVICE_ACCOUNT_DIR))


# ----- the target and the connection -------------------------------------------------------


def resolve_target(settings: KubeSettings) -> KubeTarget:
    """The cluster `settings` designate, without importing the client or touching the network.

    Raises KubeConfigError with a message naming the file and the available contexts.
    """
    if uses_in_cluster(settings):
        return _in_cluster_target()
    config = read_kubeconfig(kubeconfig_paths(settings))
    name = _choose_context(config, settings.context)
    body = config.contexts[name]
    cluster_name = str(body.get("cluster") or "")
    cluster = config.clusters.get(cluster_name)
    if cluster is None or not cluster.get("server"):
        raise KubeConfigError(
            f'kubeconfig {config.shown}: context "{name}" names cluster "{cluster_name}", '
            "which has no server"
        )
    return KubeTarget(name, str(cluster["server"]), body.get("namespace") or None, config.shown)


@dataclass(frozen=True, slots=True)
class ContextLabel:
    """The kube context the header names, or why there is none (exactly one is set)."""

    name: str = ""
    problem: str = ""


def describe_context(settings: KubeSettings) -> ContextLabel:
    """The context in use for the console header, or the problem (no kubeconfig, say)."""
    try:
        return ContextLabel(name=resolve_target(settings).context)
    except KubeConfigError as error:
        return ContextLabel(problem=f"no cluster: {error}")


class KubeConnection:
    """A live connection: the API client for one target. Close it on the loop that opened it."""

    def __init__(self, api: KubeApi, target: KubeTarget) -> None:
        self.api = api
        self.target = target

    async def close(self) -> None:
        await self.api.close()

    async def server_version(self) -> str:
        """The API server's gitVersion (a cheap reachability check)."""
        document = await self.api.get("/version")
        return str(document.get("gitVersion") or "")


async def connect(settings: KubeSettings) -> KubeConnection:
    """Load credentials for `settings` and open a client (imports the Kubernetes client)."""
    from backend.kube.api import KubeApi, load_client_modules  # not before the first frame

    target = resolve_target(settings)
    client, config = load_client_modules()
    configuration = client.Configuration()
    try:
        if target.context == IN_CLUSTER:
            loader = config.incluster_config.InClusterConfigLoader(
                token_filename=str(SERVICE_ACCOUNT_DIR / "token"),
                cert_filename=str(SERVICE_ACCOUNT_DIR / "ca.crt"),
            )
            loader.load_and_set(configuration)
        else:
            paths = kubeconfig_paths(settings)
            config_file = os.pathsep.join(str(p) for p in paths)
            await config.load_kube_config(
                config_file=config_file,
                context=target.context,
                client_configuration=configuration,
                persist_config=False,
            )
        api_client = client.ApiClient(configuration)
    except Exception as error:  # ConfigException, OSError, ssl errors from the client's loader
        raise KubeConfigError(
            f"cannot use {target.describe()} from {target.source}: {error}"
        ) from error
    return KubeConnection(KubeApi(api_client, target.server), target)
