"""A cluster's `Info` (docs/kubefate-behaviour.md §2.8), as `GET /v1/cluster/:id` shows it.

Differences from KubeFATE, each on purpose:

* `port`: KubeFATE reads the NodePort of the Service named `rollsite`, which FATE v2 renamed
  `osx`, so v2 clusters never show a port. We read `osx` for chart major version 2 and later
  (falling back to `rollsite`, which an exchange or lbrollsite deployment may still use) and
  `rollsite` before that.
* `ip`: KubeFATE takes the first address of the last node listed, which may be a Hostname or
  a NotReady node. We take, among Ready nodes (all nodes if none is Ready), the first
  ExternalIP, else the first InternalIP, else any first address: an address a NodePort is
  reachable on. When nodes cannot be listed, `ip` holds KubeFATE's error text, as upstream.
* `status`: deployment and statefulset states follow `backend.kube.workloads` (§3.1 with the
  corrections documented there); `containers` maps container name to its pod's phase, with
  pods taken in name order (upstream: API order), so with replicas the last pod wins.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.errors import BackendError
from backend.kube import objects
from backend.kube.connection import KubeConnection
from backend.kube.namespaces import list_failure_text
from backend.kube.paths import DEPLOYMENTS, INGRESSES, NODES, PODS, SERVICES, STATEFULSETS
from backend.kube.paths import cluster_selector as selector_for
from backend.kube.workloads import states_of

PROXY_PORT = 9370


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    ip: str
    port: int | None
    containers: dict[str, str] = field(default_factory=dict)
    deployments: dict[str, str] = field(default_factory=dict)
    stateful_sets: dict[str, str] = field(default_factory=dict)
    dashboard: list[str] | None = None

    def to_wire(self) -> dict[str, Any]:
        """§2.8's JSON (`port` omitted when there is none, like Go's omitempty on 0)."""
        wire: dict[str, Any] = {"ip": self.ip}
        if self.port:
            wire["port"] = self.port
        wire["status"] = {
            "containers": self.containers,
            "deployments": self.deployments,
            "statefulSets": self.stateful_sets,
        }
        wire["dashboard"] = self.dashboard
        return wire


def proxy_services(chart_version: str) -> tuple[str, ...]:
    """The Service names carrying FATE's inter-party port, most likely first."""
    match = re.match(r"^v?(\d+)", chart_version.strip())
    major = int(match.group(1)) if match else 0
    return ("osx", "rollsite") if major >= 2 else ("rollsite",)


def node_address(nodes: Sequence[Mapping[str, Any]]) -> str:
    """An address NodePorts are reachable on (see the module docstring)."""
    ready = [n for n in nodes if objects.condition_true(n, "Ready")] or list(nodes)
    for kind in ("ExternalIP", "InternalIP"):
        for node in ready:
            for address in objects.sequence(node, "status", "addresses"):
                if address.get("type") == kind and address.get("address"):
                    return str(address["address"])
    for node in ready:
        addresses = objects.sequence(node, "status", "addresses")
        if addresses:
            return objects.text(addresses[0], "address")
    return ""


def node_port(services: Sequence[Mapping[str, Any]], names: Sequence[str]) -> int | None:
    """The NodePort of port 9370 of the first Service in `names` order that has one."""
    by_name = {objects.name(s): s for s in services}
    for name in names:
        service = by_name.get(name)
        if service is None:
            continue
        for port in objects.sequence(service, "spec", "ports"):
            if objects.integer(port, "port") == PROXY_PORT and objects.integer(port, "nodePort"):
                return objects.integer(port, "nodePort")
    return None


def container_phases(pods: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    phases: dict[str, str] = {}
    for pod in sorted(pods, key=objects.name):
        phase = objects.text(pod, "status", "phase") or "Unknown"
        for container in objects.sequence(pod, "spec", "containers"):
            phases[objects.text(container, "name")] = phase
    return phases


def ingress_hosts(ingresses: Sequence[Mapping[str, Any]]) -> list[str] | None:
    hosts = [
        objects.text(rule, "host")
        for ingress in ingresses
        for rule in objects.sequence(ingress, "spec", "rules")
        if objects.text(rule, "host")
    ]
    return hosts or None


async def _node_ip(conn: KubeConnection) -> str:
    try:
        document = await conn.api.get(NODES.collection())
    except BackendError as error:
        return "Get node ip failed. " + list_failure_text("nodes", error)
    return node_address(objects.items(document))


async def cluster_info(
    conn: KubeConnection, namespace: str, cluster: str, *, chart_version: str
) -> ClusterInfo:
    """Gather §2.8's Info for the cluster `cluster` in `namespace` ("default" if empty)."""
    namespace = namespace or "default"
    query = {"labelSelector": selector_for(cluster)}
    kinds = (SERVICES, PODS, DEPLOYMENTS, STATEFULSETS, INGRESSES)
    ip, lists = await asyncio.gather(
        _node_ip(conn),
        asyncio.gather(*(conn.api.get(r.collection(namespace), query) for r in kinds)),
    )
    services, pods, deployments, stateful_sets, ingresses = lists
    return ClusterInfo(
        ip=str(ip),
        port=node_port(objects.items(services), proxy_services(chart_version)),
        containers=container_phases(objects.items(pods)),
        deployments={k: v.value for k, v in states_of(DEPLOYMENTS, deployments).items()},
        stateful_sets={k: v.value for k, v in states_of(STATEFULSETS, stateful_sets).items()},
        dashboard=ingress_hosts(objects.items(ingresses)),
    )
