"""The Kubernetes adapter: what the embedded backend needs from a cluster.

Importing this package is cheap; the official client is imported by `connect()` (1-2 s), so
call that after the console has drawn its first frame.

    conn = await connect(KubeSettings(kubeconfig=path, context="prod"))
    listing = await list_namespaces(conn)
    async with WorkloadWatch(conn, namespace, cluster) as updates: ...
    await conn.close()
"""

from __future__ import annotations

# Names resolve on first use, so that naming one (say KubeSettings, before the console's first
# frame) does not import the watch, namespaces and workloads modules too.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.kube.connection import (
        ContextInfo,
        ContextLabel,
        KubeConfigError,
        KubeConnection,
        KubeSettings,
        KubeTarget,
        connect,
        describe_context,
        list_contexts,
        resolve_target,
    )
    from backend.kube.namespaces import NamespaceListing, create_namespace, list_namespaces
    from backend.kube.workload_watch import WorkloadUpdate, WorkloadWatch
    from backend.kube.workloads import workload_states

_HOMES = {
    "ContextInfo": "connection",
    "ContextLabel": "connection",
    "KubeConfigError": "connection",
    "KubeConnection": "connection",
    "KubeSettings": "connection",
    "KubeTarget": "connection",
    "connect": "connection",
    "describe_context": "connection",
    "list_contexts": "connection",
    "resolve_target": "connection",
    "NamespaceListing": "namespaces",
    "create_namespace": "namespaces",
    "list_namespaces": "namespaces",
    "WorkloadUpdate": "workload_watch",
    "WorkloadWatch": "workload_watch",
    "workload_states": "workloads",
}

__all__ = [
    "ContextInfo",
    "ContextLabel",
    "KubeConfigError",
    "KubeConnection",
    "KubeSettings",
    "KubeTarget",
    "NamespaceListing",
    "WorkloadUpdate",
    "WorkloadWatch",
    "connect",
    "create_namespace",
    "describe_context",
    "list_contexts",
    "list_namespaces",
    "resolve_target",
    "workload_states",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backend.kube' has no attribute {name!r}")
    return getattr(import_module(f"backend.kube.{home}"), name)
