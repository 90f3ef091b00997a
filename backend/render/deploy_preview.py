"""A deploy preview: the objects a cluster.yaml would deploy, read from a dry-run render, and for
an update the diff against what the deployed cluster renders to.

Helm renders in its worker processes; parsing the rendered YAML (a few hundred kilobytes for a
big cluster) and diffing run in a thread, so the event loop never waits on either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import yaml

from backend.engine.cluster_document import read_cluster_document
from backend.errors import BackendError, InvalidRequest
from backend.models import Cluster, ClusterArgs
from backend.models.deploy_preview import (
    ClaimPreview,
    DeployPreview,
    IngressPreview,
    PortPreview,
    ServicePreview,
    WorkloadPreview,
)
from backend.render.manifest_diff import diff_clusters, format_diff
from backend.render.manifest_render import (
    ClusterRequest,
    ManifestRenderer,
    RenderedCluster,
    split_documents,
)

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORKLOAD_KINDS = ("Deployment", "StatefulSet")


async def deploy_preview(
    renderer: ManifestRenderer, request: ClusterRequest, deployed: Cluster | None
) -> DeployPreview:
    """What installing `request` deploys; with `deployed` (the stored live cluster of that name
    and namespace), what updating it changes. Errors of the new render propagate (the document
    or chart is at fault); a deployed side that cannot be rendered is `diff_problem`."""
    rendered = await renderer.render(request)
    preview = await asyncio.to_thread(preview_of, rendered)
    if deployed is None:
        return preview
    try:
        before = await renderer.render(await deployed_request(deployed))
    except BackendError as error:
        return _with_diff(preview, "", "", f"the deployed cluster cannot be rendered: {error}")
    summary, text = await asyncio.to_thread(_diff_text, before, rendered)
    return _with_diff(preview, summary, text, "")


async def request_for(args: ClusterArgs) -> ClusterRequest:
    """What `args` asks to deploy: its release and chart fields decide (§1.5.4), and the
    document's own keys stand in for any left empty. The document is parsed off the loop."""
    spec = await read_cluster_document(args.data)
    return ClusterRequest(
        name=args.name or _text(spec, "name"),
        namespace=args.namespace or _text(spec, "namespace"),
        chart_name=args.chart_name or _text(spec, "chartName"),
        chart_version=args.chart_version or _text(spec, "chartVersion"),
        spec=spec,
    )


def _text(spec: Mapping[str, Any], key: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise InvalidRequest(f"{key}: must be set to know what to render")
    return str(value).strip()


async def deployed_request(cluster: Cluster) -> ClusterRequest:
    """The stored cluster as its next re-render sees it (its rows may need parsing: off the
    loop)."""
    return await asyncio.to_thread(ClusterRequest.from_cluster, cluster)


def _with_diff(preview: DeployPreview, summary: str, text: str, problem: str) -> DeployPreview:
    return replace(preview, update=True, diff_summary=summary, diff_text=text, diff_problem=problem)


def _diff_text(before: RenderedCluster, after: RenderedCluster) -> tuple[str, str]:
    diff = diff_clusters(before, after, "deployed", "cluster.yaml")
    summary = diff.summary() if diff.has_changes else "no changes"
    return summary, format_diff(diff)


def preview_of(rendered: RenderedCluster) -> DeployPreview:
    """The objects of a render, by kind, in template order (blocking: YAML parsing)."""
    documents = list(_documents(rendered.manifests))
    source = rendered.chart.source.value
    return DeployPreview(
        chart=f"{rendered.request.chart_label} ({source})",
        workloads=tuple(_workload(d) for d in documents if d.get("kind") in _WORKLOAD_KINDS),
        services=tuple(_service(d) for d in documents if d.get("kind") == "Service"),
        ingresses=tuple(_ingress(d) for d in documents if d.get("kind") == "Ingress"),
        claims=tuple(claim for document in documents for claim in _claims(document)),
    )


def _documents(manifests: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    for text in manifests.values():
        for document in split_documents(text):
            loaded = yaml.load(document, Loader=_Loader)  # C or Python safe loader
            if isinstance(loaded, dict):
                yield loaded


def _at(obj: Any, *path: str) -> Any:
    for key in path:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _name(obj: Mapping[str, Any]) -> str:
    return str(_at(obj, "metadata", "name") or "")


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _workload(obj: dict[str, Any]) -> WorkloadPreview:
    return WorkloadPreview(str(obj["kind"]), _name(obj), _int(_at(obj, "spec", "replicas"), 1))


def _service(obj: dict[str, Any]) -> ServicePreview:
    ports = _at(obj, "spec", "ports")
    return ServicePreview(
        name=_name(obj),
        type=str(_at(obj, "spec", "type") or "ClusterIP"),
        ports=tuple(_port(port) for port in ports or () if isinstance(port, dict)),
    )


def _port(port: dict[str, Any]) -> PortPreview:
    node_port = port.get("nodePort")
    return PortPreview(
        name=str(port.get("name") or ""),
        port=_int(port.get("port"), 0),
        protocol=str(port.get("protocol") or "TCP"),
        node_port=_int(node_port, 0) or None,
    )


def _ingress(obj: dict[str, Any]) -> IngressPreview:
    rules = _at(obj, "spec", "rules") or ()
    hosts = tuple(
        str(rule["host"]) for rule in rules if isinstance(rule, dict) and rule.get("host")
    )
    return IngressPreview(_name(obj), hosts, str(_at(obj, "spec", "ingressClassName") or ""))


def _claims(obj: dict[str, Any]) -> Iterator[ClaimPreview]:
    """A PersistentVolumeClaim, or the claims a StatefulSet's templates make: one per replica,
    named `<template>-<statefulset>-<ordinal>` as the StatefulSet controller names them."""
    if obj.get("kind") == "PersistentVolumeClaim":
        yield _claim(_name(obj), obj)
    elif obj.get("kind") == "StatefulSet":
        replicas = _int(_at(obj, "spec", "replicas"), 1)
        for template in _at(obj, "spec", "volumeClaimTemplates") or ():
            if isinstance(template, dict):
                for ordinal in range(replicas):
                    yield _claim(f"{_name(template)}-{_name(obj)}-{ordinal}", template)


def _claim(name: str, obj: dict[str, Any]) -> ClaimPreview:
    storage_class = _at(obj, "spec", "storageClassName") or ""
    size = _at(obj, "spec", "resources", "requests", "storage") or ""
    return ClaimPreview(name, str(storage_class), str(size))
