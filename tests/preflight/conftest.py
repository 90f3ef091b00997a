"""An embedded backend with the bundled charts (charts/, nothing uploaded, no chart repository)
on the Kubernetes emulator, and the Spark+Pulsar example as the document to check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import ClusterArgs
from backend.models.preflight import PreflightCheck
from tests.charts.fate_renders import BUNDLED_CHARTS
from tests.conftest import KUBEFATE_DATA
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

NAMESPACE = "fate-9999"
NAME = "fate-9999"
SPARK_PULSAR = (KUBEFATE_DATA / "v2.0.0" / "party-9999-cluster-spark-pulsar.yaml").read_text()


def args_for(text: str, *, name: str = NAME, version: str = "v2.0.0") -> ClusterArgs:
    return ClusterArgs(name, NAMESPACE, "fate", version, data=text.encode())


def by_name(checks: list[PreflightCheck]) -> dict[str, PreflightCheck]:
    return {check.name: check for check in checks}


def storage_class(name: str, *, default: bool = False) -> dict[str, Any]:
    annotations = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": name, "annotations": annotations},
        "provisioner": "rancher.io/local-path",
    }


def ingress_class(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": name},
        "spec": {"controller": "k8s.io/ingress-nginx"},
    }


def pull_secret(name: str, namespace: str = NAMESPACE) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace},
        "type": "kubernetes.io/dockerconfigjson",
        "data": {".dockerconfigjson": "e30="},
    }


def node_port_service(namespace: str, name: str, port: int, **annotations: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace, "annotations": annotations},
        "spec": {"type": "NodePort", "ports": [{"name": "http", "port": 80, "nodePort": port}]},
    }


@pytest.fixture
async def backend(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> AsyncIterator[EmbeddedBackend]:
    """Started, with namespace fate-9999 in the cluster and nothing else of what the example
    needs (tests add classes and secrets)."""
    kube_emulator.controller.create_namespace(NAMESPACE)
    options = offline_options(
        tmp_path / "kubefate.db",
        kube=KubeSettings(kubeconfig=kubeconfig),
        bundled_charts=BUNDLED_CHARTS,
    )
    embedded = EmbeddedBackend(options)
    await embedded.start()
    try:
        yield embedded
    finally:
        await embedded.close()
