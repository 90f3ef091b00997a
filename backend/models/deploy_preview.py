"""What an install or update would deploy, read from a dry-run render of the chart (the wizard's
review step): workloads, services with their exposed ports, ingresses, volume claims, and for an
update the difference from what is deployed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WorkloadPreview:
    """A Deployment or StatefulSet (`replicas` as rendered; 1 when the manifest leaves it out,
    as Kubernetes defaults it)."""

    kind: str
    name: str
    replicas: int


@dataclass(frozen=True, slots=True)
class PortPreview:
    """One port of a Service; `node_port` None unless the manifest fixes one."""

    name: str
    port: int
    protocol: str = "TCP"
    node_port: int | None = None


@dataclass(frozen=True, slots=True)
class ServicePreview:
    name: str
    type: str
    """ClusterIP, NodePort, LoadBalancer or ExternalName (ClusterIP when left out)."""
    ports: tuple[PortPreview, ...] = ()


@dataclass(frozen=True, slots=True)
class IngressPreview:
    name: str
    hosts: tuple[str, ...]
    ingress_class: str = ""
    """The `ingressClassName` it names; "" leaves the choice to the cluster's default class."""


@dataclass(frozen=True, slots=True)
class ClaimPreview:
    """A PersistentVolumeClaim; `storage_class` "" means the cluster's default class."""

    name: str
    storage_class: str
    size: str


@dataclass(frozen=True, slots=True)
class DeployPreview:
    """The objects an install (or update) of one cluster.yaml would apply, by kind, in the order
    the chart's templates render them.

    `update` is True when a live cluster of that name and namespace exists; `diff_summary`
    (`2 manifests changed, 0 added, 0 removed`, or `no changes`) and `diff_text` (the cluster.yaml
    and manifest unified diffs, as `kubefate-tui render --diff` prints them) then compare with
    it. `diff_problem` says why there is no diff when the deployed side cannot be rendered (its
    chart was deleted, say); it is "" otherwise.
    """

    chart: str
    """`fate v2.0.0 (bundled)`: the chart that rendered, and where it was found."""
    workloads: tuple[WorkloadPreview, ...] = ()
    services: tuple[ServicePreview, ...] = ()
    ingresses: tuple[IngressPreview, ...] = ()
    claims: tuple[ClaimPreview, ...] = ()
    update: bool = False
    diff_summary: str = ""
    diff_text: str = ""
    diff_problem: str = ""
