"""The embedded backend's access to Kubernetes: one lazily opened connection, and the job
engine's WorkloadObserver port on top of it.

Connecting imports the Kubernetes client (about half a second) and may fail (no kubeconfig, an
unreachable API). Neither may delay or break the console's start, so the connection is opened
on first use; a failure is an `Unavailable` for that one operation, and the next one tries again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

# The adapters are imported where they are used: this module is loaded before the console's
# first frame, they are needed only once something is deployed or inspected.
if TYPE_CHECKING:
    from backend.engine.ports import ClusterTarget, WorkloadStates
    from backend.helm.kube_target import KubeTarget as HelmKubeTarget
    from backend.kube.connection import KubeConnection, KubeSettings


_KUBE_ADVICE = (
    "Set KUBECONFIG to the cluster's kubeconfig (or give `kubefate-tui serve` --kubeconfig and "
    "--context, or the console a profile with kubeconfig and context in its config file: "
    "`kubefate-tui config path`); inside a pod, give it a service account"
)


class KubeAccess:
    """The one connection to the cluster of the user's kubeconfig (or the pod's account)."""

    def __init__(self, settings: KubeSettings) -> None:
        self.settings = settings
        self._connection: KubeConnection | None = None
        self._lock = asyncio.Lock()

    async def connection(self) -> KubeConnection:
        async with self._lock:
            if self._connection is None:
                from backend.kube.connection import connect

                self._connection = await connect(self.settings)
            return self._connection

    async def check_configured(self) -> None:
        """Refuse at once, naming the file and what to do, when no cluster is configured.

        Only the kubeconfig (or the pod's service account) is read, in a thread: a change is
        refused before a job is accepted that could only fail at its Kubernetes step, while
        an API server that is merely slow or down still gets its job and its clear failure.
        """
        from backend.kube.connection import KubeConfigError, resolve_target

        try:
            await asyncio.to_thread(resolve_target, self.settings)
        except KubeConfigError as error:
            message = f"no Kubernetes cluster to deploy to: {error}. {_KUBE_ADVICE}"
            raise KubeConfigError(message) from None

    def helm_target(self) -> HelmKubeTarget:
        """The same cluster, as the Helm engine names it."""
        from backend.helm.kube_target import KubeTarget as HelmKubeTarget
        from backend.kube.connection import uses_in_cluster

        return HelmKubeTarget(
            kubeconfig=self.settings.kubeconfig,
            context=self.settings.context,
            in_cluster=uses_in_cluster(self.settings),
        )

    async def close(self) -> None:
        async with self._lock:
            if self._connection is not None:
                await self._connection.close()
                self._connection = None


@dataclass(frozen=True, slots=True)
class KubeWorkloads:
    """WorkloadObserver: Deployments and StatefulSets labelled `name=<cluster>`, by watch."""

    access: KubeAccess

    async def watch(self, target: ClusterTarget) -> AsyncIterator[WorkloadStates]:
        from backend.kube.workload_watch import WorkloadWatch

        connection = await self.access.connection()
        async with WorkloadWatch(connection, target.namespace, target.name) as updates:
            async for update in updates:
                yield dict(update.states)

    async def states(self, target: ClusterTarget) -> WorkloadStates:
        from backend.kube.workloads import workload_states

        connection = await self.access.connection()
        return await workload_states(connection, target.namespace, target.name)

    async def stuck_reasons(self, target: ClusterTarget) -> list[str]:
        from backend.kube.diagnostics import diagnose

        connection = await self.access.connection()
        return (await diagnose(connection, target.namespace, target.name)).reasons()
