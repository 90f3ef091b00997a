"""The state of a cluster's workloads (docs/kubefate-behaviour.md §3.1), one ModulesStatus per name.

Deployment: KubeFATE's rule, the first True condition in the order Available, Progressing,
ReplicaFailure, else Undefined; plus one guard: while the controller has not yet observed the
latest spec (`status.observedGeneration < metadata.generation`) the conditions describe the
previous spec, so the state is Progressing. Without the guard an upgrade would read Available
the instant it is applied.

StatefulSet: KubeFATE compares `status.readyReplicas >= status.replicas`. `status.replicas` is
the count the controller has observed so far, so a brand-new StatefulSet reads `0 >= 0`
Available before a single pod exists. We want Available to mean ready, so we compare against
the desired count `spec.replicas` (default 1), require the status to be current
(observedGeneration), and, during a rolling update, every pod on the new revision
(`currentRevision == updateRevision` when both are reported). A StatefulSet scaled to 0 is
Available once observed: there is nothing to wait for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from backend.kube import objects
from backend.kube.api import JsonObject
from backend.kube.connection import KubeConnection
from backend.kube.paths import DEPLOYMENTS, STATEFULSETS, Resource, cluster_selector
from backend.models.enums import ModulesStatus

WORKLOAD_RESOURCES: tuple[Resource, ...] = (DEPLOYMENTS, STATEFULSETS)
_DEPLOYMENT_ORDER = (
    ("Available", ModulesStatus.AVAILABLE),
    ("Progressing", ModulesStatus.PROGRESSING),
    ("ReplicaFailure", ModulesStatus.REPLICA_FAILURE),
)


def _status_is_stale(obj: Mapping[str, Any]) -> bool:
    generation = objects.integer(obj, "metadata", "generation")
    observed = objects.integer(obj, "status", "observedGeneration")
    return generation > 0 and observed < generation


def deployment_state(obj: Mapping[str, Any]) -> ModulesStatus:
    """§3.1 for a Deployment (with the observedGeneration guard above)."""
    for kind, state in _DEPLOYMENT_ORDER:
        if objects.condition_true(obj, kind):
            if state is ModulesStatus.AVAILABLE and _status_is_stale(obj):
                return ModulesStatus.PROGRESSING
            return state
    return ModulesStatus.UNDEFINED


def statefulset_state(obj: Mapping[str, Any]) -> ModulesStatus:
    """Available when every desired replica is ready on the current revision."""
    if _status_is_stale(obj) or not objects.mapping(obj, "status"):
        return ModulesStatus.PROGRESSING
    desired = objects.integer(obj, "spec", "replicas", default=1)
    ready = objects.integer(obj, "status", "readyReplicas")
    current = objects.text(obj, "status", "currentRevision")
    update = objects.text(obj, "status", "updateRevision")
    rolled_out = not (current and update) or current == update
    if ready >= desired and rolled_out:
        return ModulesStatus.AVAILABLE
    return ModulesStatus.PROGRESSING


def workload_state(kind: str, obj: Mapping[str, Any]) -> ModulesStatus:
    """The state of a Deployment or StatefulSet object."""
    if kind == STATEFULSETS.kind:
        return statefulset_state(obj)
    return deployment_state(obj)


async def list_workloads(
    conn: KubeConnection, namespace: str, cluster: str, resource: Resource
) -> JsonObject:
    """The list document of one workload kind labelled `name=<cluster>`."""
    return await conn.api.get(
        resource.collection(namespace), {"labelSelector": cluster_selector(cluster)}
    )


def states_of(resource: Resource, document: Mapping[str, Any]) -> dict[str, ModulesStatus]:
    return {objects.name(o): workload_state(resource.kind, o) for o in objects.items(document)}


async def workload_states_by_kind(
    conn: KubeConnection, namespace: str, cluster: str
) -> dict[str, dict[str, ModulesStatus]]:
    """{"Deployment": {name: state}, "StatefulSet": {name: state}}."""
    documents = await asyncio.gather(
        *(list_workloads(conn, namespace, cluster, r) for r in WORKLOAD_RESOURCES)
    )
    return {r.kind: states_of(r, d) for r, d in zip(WORKLOAD_RESOURCES, documents, strict=True)}


async def workload_states(
    conn: KubeConnection, namespace: str, cluster: str
) -> dict[str, ModulesStatus]:
    """Deployments and StatefulSets of the cluster keyed by name (§3.1's component map)."""
    by_kind = await workload_states_by_kind(conn, namespace, cluster)
    return by_kind[DEPLOYMENTS.kind] | by_kind[STATEFULSETS.kind]
