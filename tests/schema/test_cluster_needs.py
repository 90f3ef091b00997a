"""What a cluster.yaml asks of the Kubernetes cluster, as pre-flight will check it."""

from __future__ import annotations

from backend.schema.cluster_needs import Need, NodePortNeed, cluster_needs

BASE = """\
name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
computing: Eggroll
federation: OSX
storage: Eggroll
modules: [osx, clustermanager, nodemanager, mysql, python, fateboard, client]
"""


def test_persistence_asks_for_each_enabled_modules_class_written_or_the_charts_default() -> None:
    found = cluster_needs(
        BASE + "persistence: true\npython:\n  storageClass: fast\n"
        "mysql:\n  existingClaim: mysql-data\nclient:\n  size: 1Gi\n",
        "fate",
        "v2.0.0",
    )
    assert found.storage_classes == (
        Need(
            "storage class", "client", "client.storageClass"
        ),  # the template's default for a written section
        Need("storage class", "fast", "python.storageClass"),
        Need("storage class", "", "nodemanager.storageClass"),  # values.yaml: the default
    )


def test_persistence_off_asks_for_no_storage_class() -> None:
    assert cluster_needs(BASE + "python:\n  storageClass: fast\n", "fate", "v2.0.0") == (
        cluster_needs(BASE, "fate", "v2.0.0")
    )
    assert cluster_needs(BASE, "fate", "v2.0.0").storage_classes == ()


def test_node_ports_count_only_under_a_service_that_opens_them() -> None:
    found = cluster_needs(
        BASE + "osx:\n  type: NodePort\n  nodePort: 30091\n"
        "python:\n  type: ClusterIP\n  httpNodePort: 30097\n",
        "fate",
        "v2.0.0",
    )
    assert found.node_ports == (NodePortNeed(30091, "osx.nodePort"),)


def test_a_disabled_module_asks_for_nothing() -> None:
    text = BASE.replace("[osx, ", "[") + "osx:\n  type: NodePort\n  nodePort: 30091\n"
    assert cluster_needs(text, "fate", "v2.0.0").node_ports == ()


def test_ingress_class_only_when_an_ingress_is_made() -> None:
    assert cluster_needs(BASE, "fate", "v2.0.0").ingress_classes == ()
    hosts = "ingress:\n  fateboard:\n    hosts:\n      - name: board.example.com\n"
    assert cluster_needs(BASE + hosts, "fate", "v2.0.0").ingress_classes == (
        Need("ingress class", "nginx", "ingressClassName"),  # the values-template's default
    )
    written = BASE + hosts + "ingressClassName: traefik\n"
    assert cluster_needs(written, "fate", "v2.0.0").ingress_classes == (
        Need("ingress class", "traefik", "ingressClassName"),
    )


def test_pull_secrets_are_read_from_every_list_item() -> None:
    text = BASE + "imagePullSecrets:\n  - name: regcred\n  - name: mirror\n  - {}\n"
    assert cluster_needs(text, "fate", "v2.0.0").pull_secrets == (
        Need("pull secret", "regcred", "imagePullSecrets[0].name"),
        Need("pull secret", "mirror", "imagePullSecrets[1].name"),
    )


def test_an_unknown_chart_or_a_broken_document_needs_nothing() -> None:
    assert cluster_needs(BASE, "my-chart", "1.0") == cluster_needs("- a list", "fate", "v2.0.0")
    assert cluster_needs("- a list", "fate", "v2.0.0").node_ports == ()


def test_labels_name_each_object_once_in_preflight_order() -> None:
    text = (
        BASE + "persistence: true\npython:\n  storageClass: ''\nclient:\n  storageClass: fast\n"
        "nodemanager:\n  storageClass: fast\nosx:\n  type: NodePort\n  nodePort: 30091\n"
        "imagePullSecrets:\n  - name: regcred\n"
    )
    assert cluster_needs(text, "fate", "v2.0.0").labels() == [
        "default storage class",  # mysql's claim names none
        "storage class fast",  # client and nodemanager: one check
        "storage class python",  # an empty storageClass takes the template's default
        "NodePort 30091",
        "pull secret regcred",
    ]
