"""Cluster `Info` (§2.8) for FATE v2 (osx) and v1 (rollsite) clusters."""

from __future__ import annotations

from typing import Any

from backend.kube import KubeConnection
from backend.kube.cluster_info import cluster_info, node_address
from tests.kube.workloads_factory import CLUSTER, deployment, statefulset
from tests.kube_emulator import KubeEmulator


def service(
    name: str, node_port: int | None, *, port: int = 9370, cluster: str = CLUSTER
) -> dict[str, Any]:
    ports: dict[str, Any] = {"name": "tcp", "port": port, "targetPort": port}
    if node_port:
        ports["nodePort"] = node_port
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": "fate-9999", "labels": {"name": cluster}},
        "spec": {"type": "NodePort" if node_port else "ClusterIP", "ports": [ports]},
    }


def ingress(hosts: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "fateboard", "namespace": "fate-9999", "labels": {"name": CLUSTER}},
        "spec": {"rules": [{"host": h} for h in hosts]},
    }


async def test_v2_cluster_reads_the_osx_node_port(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.add_node("worker-2", internal_ip="10.0.0.2", external_ip="203.0.113.7")
    control.put(service("osx", 30091))
    control.put(service("fateboard", None, port=8080))
    control.put(ingress(["party9999.fateboard.example.com", "party9999.notebook.example.com"]))
    control.put(deployment("python", containers={"python": "fateflow", "fluentd": "fluentd"}))
    control.put(statefulset("mysql"))
    control.mark_ready(cluster_ns, "python")
    info = await cluster_info(conn, cluster_ns, CLUSTER, chart_version="v2.0.0")
    assert info.to_wire() == {
        "ip": "203.0.113.7",
        "port": 30091,
        "status": {
            "containers": {"python": "Running", "fluentd": "Running"},
            "deployments": {"python": "Available"},
            "statefulSets": {"mysql": "Progressing"},
        },
        "dashboard": ["party9999.fateboard.example.com", "party9999.notebook.example.com"],
    }


async def test_v1_cluster_reads_rollsite_and_omits_absent_parts(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(service("rollsite", 30101))
    control.put(service("osx", 30091))  # ignored for a v1 chart
    info = await cluster_info(conn, cluster_ns, CLUSTER, chart_version="v1.11.2")
    assert info.port == 30101
    assert info.ip == "192.168.49.2"
    wire = info.to_wire()
    assert wire["dashboard"] is None
    assert wire["status"] == {"containers": {}, "deployments": {}, "statefulSets": {}}
    control.delete("Service", cluster_ns, "rollsite")
    control.put(service("rollsite", None))  # ClusterIP: no port at all
    wire = (await cluster_info(conn, cluster_ns, CLUSTER, chart_version="1.11.2")).to_wire()
    assert "port" not in wire


async def test_forbidden_nodes_put_the_reason_in_ip(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    kube_emulator.controller.deny("list", "nodes", user="tester")
    info = await cluster_info(conn, cluster_ns, CLUSTER, chart_version="v2.0.0")
    assert info.ip == (
        'Get node ip failed. Please check if user has the privilege to list resource "nodes" '
        'at the cluster scope: nodes is forbidden: User "tester" cannot list resource "nodes" '
        'in API group "" at the cluster scope'
    )


def test_node_address_prefers_ready_nodes_and_reachable_addresses() -> None:
    def node(ready: bool, *addresses: tuple[str, str]) -> dict[str, Any]:
        return {
            "status": {
                "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                "addresses": [{"type": t, "address": a} for t, a in addresses],
            }
        }

    nodes = [
        node(False, ("ExternalIP", "1.1.1.1")),
        node(True, ("Hostname", "n2"), ("InternalIP", "10.0.0.2")),
    ]
    assert node_address(nodes) == "10.0.0.2"
    assert node_address([node(True, ("Hostname", "n1"))]) == "n1"
    assert node_address([]) == ""
