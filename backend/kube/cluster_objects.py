"""The cluster-wide objects a new FATE cluster depends on: storage classes, ingress classes, the
NodePorts Services already hold, and Secrets (pre-flight asks these before an install).

Each read raises PermissionDenied when the credentials may not do it (the caller says so as
"cannot tell"), Unavailable when the API cannot be reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.errors import NotFound
from backend.kube import objects
from backend.kube.api import JsonObject
from backend.kube.connection import KubeConnection
from backend.kube.paths import INGRESS_CLASSES, SECRETS, SERVICES, STORAGE_CLASSES, Resource

# The annotations that mark a cluster's default class (Kubernetes' own names).
DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class"
DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class"
# Helm marks every object of a release with these (Helm 3 and later).
HELM_RELEASE_NAME = "meta.helm.sh/release-name"
HELM_RELEASE_NAMESPACE = "meta.helm.sh/release-namespace"


@dataclass(frozen=True, slots=True)
class ClassList:
    """The classes of one kind, and which are marked as the cluster's default."""

    names: tuple[str, ...]
    defaults: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NodePortHolder:
    """A Service holding a node port, and the Helm release it belongs to ("" if none)."""

    namespace: str
    service: str
    port: int
    release: str

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.service}"


async def storage_classes(conn: KubeConnection) -> ClassList:
    return await _classes(conn, STORAGE_CLASSES, DEFAULT_STORAGE_CLASS)


async def ingress_classes(conn: KubeConnection) -> ClassList:
    return await _classes(conn, INGRESS_CLASSES, DEFAULT_INGRESS_CLASS)


async def _classes(conn: KubeConnection, resource: Resource, default_mark: str) -> ClassList:
    items = objects.items(await conn.api.get(resource.collection()))
    names = sorted(objects.name(item) for item in items)
    defaults = sorted(
        objects.name(item)
        for item in items
        if objects.annotations_of(item).get(default_mark) == "true"
    )
    return ClassList(tuple(names), tuple(defaults))


async def node_port_holders(conn: KubeConnection) -> list[NodePortHolder]:
    """Every node port held by a Service of any namespace (one list call)."""
    document = await conn.api.get(SERVICES.collection())
    return [holder for item in objects.items(document) for holder in _holders(item)]


def _holders(service: JsonObject) -> list[NodePortHolder]:
    namespace = objects.text(service, "metadata", "namespace")
    annotations = objects.annotations_of(service)
    release = annotations.get(HELM_RELEASE_NAME, "")
    if annotations.get(HELM_RELEASE_NAMESPACE, namespace) != namespace:
        release = ""  # a release of another namespace cannot be this cluster's
    return [
        NodePortHolder(namespace, objects.name(service), port, release)
        for entry in objects.sequence(service, "spec", "ports")
        if (port := objects.integer(entry, "nodePort"))
    ]


async def secret_exists(conn: KubeConnection, namespace: str, name: str) -> bool:
    try:
        await conn.api.get(SECRETS.item(name, namespace))
    except NotFound:
        return False
    return True
