"""backend.render, called directly: the pieces the console will reuse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from backend.charts.chart_registry import ChartNotFound, ChartRegistry
from backend.charts.values_template import ValuesTemplateError
from backend.errors import InvalidRequest
from backend.helm import HelmEngine
from backend.render.manifest_diff import diff_clusters, format_diff
from backend.render.manifest_render import (
    ClusterRequest,
    ManifestRenderer,
    helm_template_text,
    manifest_files,
    split_documents,
)
from backend.store import Store
from tests.engine.mini_fate_chart import mini_fate_files
from tests.helm.chart_builder import archive
from tests.render.conftest import cluster_text, seed, stored_cluster


@pytest.fixture
async def renderer(tmp_path: Path) -> AsyncIterator[ManifestRenderer]:
    broken = mini_fate_files("v2.0.1")
    broken["values-template.yaml"] = "partyId: {{ .partyId\n"
    db = tmp_path / "kubefate.db"
    await seed(db, archive(mini_fate_files(), folder="fate"), archive(broken, folder="fate"))
    async with await Store.open(db) as store, HelmEngine(tmp_path / "helm.log") as helm:
        registry = await ChartRegistry.open(store, helm, bundled_dir=None, repo=None)
        yield ManifestRenderer(helm, registry)


def _request(**changes: Any) -> ClusterRequest:
    return ClusterRequest.from_document(cluster_text(**changes).encode())


async def test_render_gives_sorted_manifests(renderer: ManifestRenderer) -> None:
    rendered = await renderer.render(_request(name="party-a", namespace="ns-a"))
    assert list(rendered.manifests) == [
        "fate/templates/fateboard.yaml",
        "fate/templates/mysql.yaml",
        "fate/templates/python.yaml",
    ]
    python = rendered.manifests["fate/templates/python.yaml"]
    assert "kind: StatefulSet" in python and "namespace: ns-a" in python
    assert "name: party-a" in python
    assert rendered.values.values["logLevel"] == "DEBUG"
    assert rendered.chart.source.value == "uploaded"


async def test_modules_left_out_render_nothing(renderer: ManifestRenderer) -> None:
    rendered = await renderer.render(_request(modules=("python",)))
    assert list(rendered.manifests) == ["fate/templates/python.yaml"]


async def test_missing_chart_and_broken_template(renderer: ManifestRenderer) -> None:
    with pytest.raises(ChartNotFound, match="no chart repository is set"):
        await renderer.render(_request(version="v3.0.0"))
    with pytest.raises(ValuesTemplateError, match="values-template.yaml line 1"):
        await renderer.values(_request(version="v2.0.1"))


async def test_stored_cluster_diff(renderer: ManifestRenderer) -> None:
    old = await renderer.render(
        ClusterRequest.from_cluster(stored_cluster(cluster_text(log_level="INFO")))
    )
    new = await renderer.render(_request())
    diff = diff_clusters(old, new, "stored", "new.yaml")
    assert [change.kind.value for change in diff.manifests] == ["changed"] * 3
    assert diff.summary() == "3 manifests changed, 0 added, 0 removed"
    assert '+              value: "DEBUG"\n' in format_diff(diff)
    same = diff_clusters(new, new, "stored", "new.yaml")
    assert not same.has_changes
    assert format_diff(same).startswith("no changes: ")


def test_request_needs_release_and_chart() -> None:
    with pytest.raises(InvalidRequest, match="chartVersion"):
        ClusterRequest.from_document(b"name: a\nnamespace: b\nchartName: fate\n")
    with pytest.raises(InvalidRequest, match="not valid YAML"):
        ClusterRequest.from_document(b"name: [a\n")


def test_documents_are_split_trimmed_and_formatted_like_helm_template() -> None:
    raw = {
        "c/templates/b.yaml": "\n---\nkind: A\n---\n\n---\nkind: B\n\n",
        "c/templates/a.yaml": "kind: C\n",
        "c/templates/empty.yaml": "\n  \n",
        "c/templates/NOTES.txt": "thanks\n",
        "c/templates/_helpers.tpl": "{{/* partial */}}",
    }
    assert split_documents(raw["c/templates/b.yaml"]) == ["kind: A", "kind: B"]
    files = manifest_files(raw)
    assert files == {
        "c/templates/a.yaml": "kind: C\n",
        "c/templates/b.yaml": "kind: A\n---\nkind: B\n",
    }
    assert helm_template_text(files) == (
        "---\n# Source: c/templates/a.yaml\nkind: C\n"
        "---\n# Source: c/templates/b.yaml\nkind: A\n"
        "---\n# Source: c/templates/b.yaml\nkind: B\n"
    )
