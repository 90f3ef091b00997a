"""The bundled `fate` v2.0.0 chart rendered the way `kubefate-tui render` renders it: found in
the repository's charts/ folder by the chart registry (no upload, no chart repository), values
from its values-template, manifests from Helm's engine.

Every cluster.yaml is rendered once per test session (see `render_all`); tests read the
parsed objects.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backend.charts.chart_registry import ChartRegistry
from backend.helm import HelmEngine
from backend.render.manifest_render import ClusterRequest, ManifestRenderer, split_documents
from backend.store import Store
from tests.conftest import KUBEFATE_DATA, REPO_ROOT

BUNDLED_CHARTS = REPO_ROOT / "charts"
EXAMPLES = KUBEFATE_DATA / "v2.0.0"
# The fate-serving chart's files: not this chart's.
SERVING_FILES = {"cluster-serving.yaml", "party-9999-cluster-serving.yaml"}
FATE_FILES = sorted(
    path.name
    for path in EXAMPLES.glob("*.yaml")
    if path.name not in SERVING_FILES and path.name != "values-template-example.yaml"
)

Obj = dict[str, Any]


@dataclass
class Rendered:
    """One cluster.yaml's Helm values and Kubernetes objects."""

    values: dict[str, Any]
    objects: list[Obj] = field(default_factory=list)

    def of_kind(self, kind: str) -> dict[str, Obj]:
        return {o["metadata"]["name"]: o for o in self.objects if o["kind"] == kind}

    def get(self, kind: str, name: str) -> Obj:
        found = self.of_kind(kind).get(name)
        assert found is not None, f"no {kind} {name}; have {sorted(self.of_kind(kind))}"
        return found

    def workloads(self) -> Iterator[Obj]:
        yield from self.of_kind("Deployment").values()
        yield from self.of_kind("StatefulSet").values()

    def secret_text(self, name: str, key: str) -> str:
        return base64.b64decode(self.get("Secret", name)["data"][key]).decode("utf-8")


def example_text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def example_spec(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(example_text(name))
    return spec


def spec_text(spec: Mapping[str, Any]) -> str:
    return yaml.safe_dump(copy.deepcopy(dict(spec)), sort_keys=False)


def render_all(specs: Mapping[str, str]) -> dict[str, Rendered]:
    """Render every cluster.yaml text in `specs` (keyed by a label) with the bundled chart."""
    return asyncio.run(_render_all(specs))


async def _render_all(specs: Mapping[str, str]) -> dict[str, Rendered]:
    with tempfile.TemporaryDirectory(prefix="fate-chart-") as folder:
        async with (
            HelmEngine(Path(folder) / "helm.log") as helm,
            await Store.open(Path(folder) / "kubefate.db") as store,
        ):
            registry = await ChartRegistry.open(store, helm, bundled_dir=BUNDLED_CHARTS, repo=None)
            renderer = ManifestRenderer(helm, registry)
            results: dict[str, Rendered] = {}
            for label, text in specs.items():
                request = ClusterRequest.from_document(text.encode("utf-8"))
                rendered = await renderer.render(request)
                objects = [
                    yaml.safe_load(document)
                    for manifest in rendered.manifests.values()
                    for document in split_documents(manifest)
                ]
                results[label] = Rendered(rendered.values.values, objects)
            return results


def containers(workload: Obj, *, init: bool = False) -> list[Obj]:
    pod = workload["spec"]["template"]["spec"]
    found: list[Obj] = pod["containers"]
    return found + (pod.get("initContainers") or []) if init else found


def container(workload: Obj, name: str) -> Obj:
    return next(c for c in containers(workload, init=True) if c["name"] == name)


def volumes(workload: Obj) -> dict[str, Obj]:
    return {v["name"]: v for v in workload["spec"]["template"]["spec"].get("volumes") or []}
