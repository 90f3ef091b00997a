"""The resource types the emulator serves, and the discovery documents built from them.

Discovery is the legacy (non-aggregated) form: `/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`.
client-go asks for aggregated discovery first (an `Accept` naming `apidiscovery.k8s.io`) and
falls back to the legacy documents when the answer is plain `application/json`, which is what
we always send. Nothing advertises protobuf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


@dataclass(frozen=True)
class ResourceType:
    group: str  # "" for the core group
    version: str
    plural: str
    kind: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ("status",)
    categories: tuple[str, ...] = field(default=("all",))

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def key(self) -> str:
        """Store key: `<group>/<version>/<plural>` (core group: `/v1/pods`)."""
        return f"{self.group}/{self.version}/{self.plural}"

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def list_kind(self) -> str:
        return f"{self.kind}List"

    def discovery_entries(self) -> list[dict[str, Any]]:
        main: dict[str, Any] = {
            "name": self.plural,
            "singularName": self.singular,
            "namespaced": self.namespaced,
            "kind": self.kind,
            "verbs": VERBS,
        }
        if self.short_names:
            main["shortNames"] = list(self.short_names)
        if self.categories:
            main["categories"] = list(self.categories)
        entries = [main]
        for sub in self.subresources:
            verbs = ["get"] if sub == "log" else ["get", "patch", "update"]
            entries.append(
                {
                    "name": f"{self.plural}/{sub}",
                    "singularName": "",
                    "namespaced": self.namespaced,
                    "kind": self.kind,
                    "verbs": verbs,
                }
            )
        return entries


def _core(plural: str, kind: str, namespaced: bool = True, **kw: Any) -> ResourceType:
    return ResourceType("", "v1", plural, kind, namespaced, **kw)


RESOURCES: tuple[ResourceType, ...] = (
    _core(
        "namespaces",
        "Namespace",
        False,
        short_names=("ns",),
        subresources=("status", "finalize"),
        categories=(),
    ),
    _core("nodes", "Node", False, short_names=("no",), categories=()),
    _core("persistentvolumes", "PersistentVolume", False, short_names=("pv",), categories=()),
    _core("pods", "Pod", short_names=("po",), subresources=("status", "log")),
    _core("services", "Service", short_names=("svc",)),
    _core("configmaps", "ConfigMap", short_names=("cm",), subresources=(), categories=()),
    _core("secrets", "Secret", subresources=(), categories=()),
    _core("serviceaccounts", "ServiceAccount", short_names=("sa",), subresources=(), categories=()),
    _core("persistentvolumeclaims", "PersistentVolumeClaim", short_names=("pvc",), categories=()),
    _core("events", "Event", short_names=("ev",), subresources=(), categories=()),
    _core("endpoints", "Endpoints", short_names=("ep",), subresources=(), categories=()),
    ResourceType("apps", "v1", "deployments", "Deployment", True, ("deploy",), ("status", "scale")),
    ResourceType("apps", "v1", "statefulsets", "StatefulSet", True, ("sts",), ("status", "scale")),
    ResourceType("apps", "v1", "replicasets", "ReplicaSet", True, ("rs",), ("status", "scale")),
    ResourceType("apps", "v1", "daemonsets", "DaemonSet", True, ("ds",)),
    ResourceType("networking.k8s.io", "v1", "ingresses", "Ingress", True, ("ing",), categories=()),
    ResourceType(
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "NetworkPolicy",
        True,
        ("netpol",),
        subresources=(),
        categories=(),
    ),
    ResourceType(
        "networking.k8s.io",
        "v1",
        "ingressclasses",
        "IngressClass",
        False,
        subresources=(),
        categories=(),
    ),
    ResourceType(
        "storage.k8s.io",
        "v1",
        "storageclasses",
        "StorageClass",
        False,
        ("sc",),
        subresources=(),
        categories=(),
    ),
    ResourceType("batch", "v1", "jobs", "Job", True),
    ResourceType("batch", "v1", "cronjobs", "CronJob", True, ("cj",)),
    ResourceType(
        "rbac.authorization.k8s.io", "v1", "roles", "Role", True, subresources=(), categories=()
    ),
    ResourceType(
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        "RoleBinding",
        True,
        subresources=(),
        categories=(),
    ),
    ResourceType(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterroles",
        "ClusterRole",
        False,
        subresources=(),
        categories=(),
    ),
    ResourceType(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        "ClusterRoleBinding",
        False,
        subresources=(),
        categories=(),
    ),
    ResourceType(
        "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", True, ("pdb",), categories=()
    ),
)

BY_PATH: dict[tuple[str, str, str], ResourceType] = {
    (r.group, r.version, r.plural): r for r in RESOURCES
}
BY_KIND: dict[tuple[str, str], ResourceType] = {(r.group_version, r.kind): r for r in RESOURCES}
BY_KEY: dict[str, ResourceType] = {r.key: r for r in RESOURCES}
KIND_ONLY: dict[str, ResourceType] = {r.kind: r for r in RESOURCES}


def resource_for(name: str) -> ResourceType:
    """A resource type by plural ("deployments"), kind ("Deployment") or short name ("sts")."""
    for r in RESOURCES:
        if name in (r.plural, r.kind, r.singular) or name in r.short_names:
            return r
    raise KeyError(f"the emulator serves no resource {name!r}")


def groups() -> dict[str, list[str]]:
    """Non-core API groups and their versions, in registration order."""
    out: dict[str, list[str]] = {}
    for r in RESOURCES:
        if r.group and r.version not in out.setdefault(r.group, []):
            out[r.group].append(r.version)
    return out


def version_document() -> dict[str, Any]:
    return {
        "major": "1",
        "minor": "35",
        "emulationMajor": "1",
        "emulationMinor": "35",
        "minCompatibilityMajor": "1",
        "minCompatibilityMinor": "34",
        "gitVersion": "v1.35.0",
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.25.0",
        "compiler": "gc",
        "platform": "linux/amd64",
    }


def api_versions(server_address: str) -> dict[str, Any]:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def api_group_list() -> dict[str, Any]:
    listed = []
    for name, versions in groups().items():
        gvs = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
        listed.append({"name": name, "versions": gvs, "preferredVersion": gvs[0]})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": listed}


def api_group(name: str) -> dict[str, Any] | None:
    versions = groups().get(name)
    if versions is None:
        return None
    gvs = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
    return {
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": name,
        "versions": gvs,
        "preferredVersion": gvs[0],
    }


def resource_list(group: str, version: str) -> dict[str, Any] | None:
    chosen = [r for r in RESOURCES if r.group == group and r.version == version]
    if not chosen:
        return None
    entries = [e for r in chosen for e in r.discovery_entries()]
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": entries}
