"""REST paths of the resources the adapter reads (the stable Kubernetes API)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource type: where its collection lives and what its objects are called."""

    group_version: str  # "v1", "apps/v1"
    plural: str
    kind: str
    namespaced: bool = True

    def _prefix(self) -> str:
        return (
            f"/api/{self.group_version}"
            if "/" not in self.group_version
            else (f"/apis/{self.group_version}")
        )

    def collection(self, namespace: str | None = None) -> str:
        """The collection path (all namespaces when `namespace` is None)."""
        if self.namespaced and namespace is not None:
            return f"{self._prefix()}/namespaces/{namespace}/{self.plural}"
        return f"{self._prefix()}/{self.plural}"

    def item(self, name: str, namespace: str | None = None) -> str:
        return f"{self.collection(namespace)}/{name}"


NAMESPACES = Resource("v1", "namespaces", "Namespace", namespaced=False)
NODES = Resource("v1", "nodes", "Node", namespaced=False)
PODS = Resource("v1", "pods", "Pod")
SERVICES = Resource("v1", "services", "Service")
EVENTS = Resource("v1", "events", "Event")
PVCS = Resource("v1", "persistentvolumeclaims", "PersistentVolumeClaim")
DEPLOYMENTS = Resource("apps/v1", "deployments", "Deployment")
STATEFULSETS = Resource("apps/v1", "statefulsets", "StatefulSet")
INGRESSES = Resource("networking.k8s.io/v1", "ingresses", "Ingress")
SECRETS = Resource("v1", "secrets", "Secret")
STORAGE_CLASSES = Resource("storage.k8s.io/v1", "storageclasses", "StorageClass", namespaced=False)
INGRESS_CLASSES = Resource(
    "networking.k8s.io/v1", "ingressclasses", "IngressClass", namespaced=False
)


def pod_log(namespace: str, pod: str) -> str:
    return f"{PODS.item(pod, namespace)}/log"


def cluster_selector(cluster: str) -> str:
    """KubeFATE labels every object of a cluster `name=<cluster name>` (§2.8, §3.1)."""
    return f"name={cluster}"
