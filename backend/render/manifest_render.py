"""From a cluster.yaml to the Kubernetes manifests an install would apply (like `helm template`).

The chart is found the way an install job finds it (uploaded, bundled, then the chart
repository: ChartRegistry), the spec becomes Helm values through the chart's values-template
(§4.4), and Helm's own engine renders the chart with release = the cluster's name and namespace =
its namespace (§4.5). Nothing contacts Kubernetes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.charts.chart_registry import ChartRegistry, LocatedChart
from backend.charts.values_template import RenderedValues, render_values_template
from backend.engine.cluster_document import parse_cluster_document
from backend.errors import InvalidRequest, Unavailable
from backend.helm import HelmEngine
from backend.models import Cluster, HelmChart

# A `---` line separates documents. Helm's own splitter (releaseutil.SplitManifests) misses a
# `---` right after an empty document and keeps it inside the next one; a line rule does not.
_DOCUMENT_SEPARATOR = re.compile(r"^---[ \t]*$", re.MULTILINE)
_NOTES = "NOTES.txt"


class ChartWithoutArchive(Unavailable):
    """The chart is known, but only as KubeFATE's reassembled texts: Helm needs the archive."""


@dataclass(frozen=True, slots=True)
class ClusterRequest:
    """What a cluster.yaml asks for: a release (name, namespace), a chart, and the spec."""

    name: str
    namespace: str
    chart_name: str
    chart_version: str
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        """`namespace/name`, as clusters are identified."""
        return f"{self.namespace}/{self.name}"

    @property
    def chart_label(self) -> str:
        return f"{self.chart_name} {self.chart_version}"

    @classmethod
    def from_document(cls, data: bytes) -> ClusterRequest:
        """A cluster.yaml read as an install reads it (JSON semantics, §4.4 step 1); raises
        InvalidRequest naming the key when the release or chart cannot be told."""
        spec = parse_cluster_document(data)
        return cls(
            name=_required_text(spec, "name"),
            namespace=_required_text(spec, "namespace"),
            chart_name=_required_text(spec, "chartName"),
            chart_version=_required_text(spec, "chartVersion"),
            spec=spec,
        )

    @classmethod
    def from_cluster(cls, cluster: Cluster) -> ClusterRequest:
        """A stored cluster as its next re-render would see it: its spec and its chart."""
        spec = cluster.spec
        if not spec and cluster.values.strip():  # rows written without a parsed spec
            spec = parse_cluster_document(cluster.values.encode("utf-8"))
        if not spec:
            raise InvalidRequest(
                f"cluster {cluster.namespace}/{cluster.name} has no stored cluster.yaml"
            )
        return cls(cluster.name, cluster.namespace, cluster.chart_name, cluster.chart_version, spec)


@dataclass(frozen=True, slots=True)
class RenderedCluster:
    """A request, the chart it resolved to, its Helm values and its manifests.

    `manifests` maps a template path (`fate/templates/python.yaml`) to its documents, sorted
    by path; templates that render to nothing are left out, as `helm template` does.
    """

    request: ClusterRequest
    chart: LocatedChart
    values: RenderedValues
    manifests: dict[str, str]


class ManifestRenderer:
    """Renders cluster requests with one Helm engine and one chart registry (both owned by the
    caller, who closes them)."""

    def __init__(self, helm: HelmEngine, registry: ChartRegistry) -> None:
        self._helm = helm
        self._registry = registry

    async def values(self, request: ClusterRequest) -> tuple[LocatedChart, RenderedValues]:
        """The chart and the Helm values an install of `request` would use.

        Raises ChartNotFound / ChartSourceUnavailable (backend NotFound / Unavailable) when the
        chart cannot be had, ValuesTemplateError when its values-template fails on this spec.
        """
        located = await self._registry.locate(request.chart_name, request.chart_version)
        rendered = await render_values_template(
            self._helm, located.chart.values_template, request.spec
        )
        return located, rendered

    async def render(self, request: ClusterRequest) -> RenderedCluster:
        """The manifests an install of `request` would apply; ChartRenderError (with the
        template's path, line and column) when a chart template fails."""
        located, values = await self.values(request)
        raw = await self._helm.render(
            _archive(located.chart), values.values, request.name, request.namespace
        )
        return RenderedCluster(request, located, values, manifest_files(raw))


def manifest_files(rendered: Mapping[str, str]) -> dict[str, str]:
    """Helm's per-template output as `helm template` shows it: no NOTES.txt or partials, no
    blank templates, documents trimmed and joined by `---`, sorted by template path."""
    files: dict[str, str] = {}
    for path in sorted(rendered):
        base = path.rsplit("/", 1)[-1]
        if base == _NOTES or base.startswith("_"):
            continue
        documents = split_documents(rendered[path])
        if documents:
            files[path] = "\n---\n".join(documents) + "\n"
    return files


def split_documents(text: str) -> list[str]:
    """The YAML documents of one template's output, trimmed, empty ones dropped (Helm's rule)."""
    parts = (part.strip() for part in _DOCUMENT_SEPARATOR.split(text))
    return [part for part in parts if part]


def helm_template_text(manifests: Mapping[str, str]) -> str:
    """The manifests as `helm template` prints them: each document after `---` and a
    `# Source: <template path>` line."""
    blocks = [
        f"---\n# Source: {path}\n{document}\n"
        for path, text in manifests.items()
        for document in split_documents(text)
    ]
    return "".join(blocks)


def _required_text(spec: Mapping[str, Any], key: str) -> str:
    value = spec.get(key)
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise InvalidRequest(f"{key}: must be set to a text value to know what to render")
    text = str(value).strip()
    if not text:
        raise InvalidRequest(f"{key}: must not be empty")
    return text


def _archive(chart: HelmChart) -> bytes:
    if not chart.archive:
        # Charts uploaded to KubeFATE itself keep no archive; ours always do (§4.1 [rec]).
        raise ChartWithoutArchive(
            f"chart {chart.name} {chart.version} has no archive for Helm to render; upload it again"
        )
    return chart.archive
