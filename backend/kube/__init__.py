"""The Kubernetes adapter: what the embedded backend needs from a cluster.

Importing this package is cheap; the official client is imported by `connect()` (1-2 s), so
call that after the console has drawn its first frame.

    conn = await connect(KubeSettings(kubeconfig=path, context="prod"))
    listing = await list_namespaces(conn)
    async with WorkloadWatch(conn, namespace, cluster) as updates: ...
    await conn.close()
"""

from backend.kube.connection import (
    ContextInfo,
    KubeConfigError,
    KubeConnection,
    KubeSettings,
    KubeTarget,
    connect,
    current_context_name,
    list_contexts,
    resolve_target,
)
from backend.kube.namespaces import NamespaceListing, create_namespace, list_namespaces
from backend.kube.workload_watch import WorkloadUpdate, WorkloadWatch
from backend.kube.workloads import workload_states

__all__ = [
    "ContextInfo",
    "KubeConfigError",
    "KubeConnection",
    "KubeSettings",
    "KubeTarget",
    "NamespaceListing",
    "WorkloadUpdate",
    "WorkloadWatch",
    "connect",
    "create_namespace",
    "current_context_name",
    "list_contexts",
    "list_namespaces",
    "resolve_target",
    "workload_states",
]
