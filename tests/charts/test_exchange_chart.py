"""The bundled fate-exchange chart: KubeFATE's exchange cluster.yaml files render to objects the
Kubernetes schema accepts, each workload labelled name=<cluster>, and Helm's lint passes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import helm_python
import pytest

from backend.charts.chart_registry import ChartRegistry, ChartSource
from backend.helm import HelmEngine
from backend.render.manifest_render import ClusterRequest, ManifestRenderer
from backend.schema import schema_for, validate_text
from backend.store import Store
from tests.charts.manifest_schema import manifest_objects, schema_problems
from tests.conftest import KUBEFATE_DATA, REPO_ROOT

CHART = REPO_ROOT / "charts" / "fate-exchange"
EXAMPLES = [
    *sorted((KUBEFATE_DATA / "exchange").glob("*.yaml")),  # KubeFATE's own files
    CHART / "values-template-example.yaml",
]
_ERROR = 3  # helm_python's lint severity of an error


@pytest.fixture
async def renderer(tmp_path: Path, helm: HelmEngine) -> AsyncIterator[ManifestRenderer]:
    store = await Store.open(tmp_path / "kubefate.db")
    registry = await ChartRegistry.open(store, helm, bundled_dir=REPO_ROOT / "charts", repo=None)
    located = await registry.locate("fate-exchange", "v1.11.2")
    assert located.source is ChartSource.BUNDLED
    yield ManifestRenderer(helm, registry)
    await store.close()


async def _objects(renderer: ManifestRenderer, text: str) -> list[dict[str, Any]]:
    request = ClusterRequest.from_document(text.encode("utf-8"))
    return manifest_objects((await renderer.render(request)).manifests)


def _workloads(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] in ("Deployment", "StatefulSet")}


def _expected_workloads(spec_modules: list[str]) -> set[str]:
    schema = schema_for("fate-exchange", "v1.11.2")
    assert schema is not None
    return {w.name for m in schema.modules if m.name in spec_modules for w in m.workloads}


async def test_the_exchange_examples_render_to_schema_valid_labelled_workloads(
    renderer: ManifestRenderer,
) -> None:
    # One test over every file: the chart is packaged once and one Helm worker stays warm.
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        request = ClusterRequest.from_document(text.encode("utf-8"))
        assert not [f for f in validate_text(text) if f.severity == "error"], path

        objects = await _objects(renderer, text)

        assert schema_problems(objects) == [], path
        workloads = _workloads(objects)
        assert set(workloads) == _expected_workloads(request.spec["modules"]), path
        for name, workload in workloads.items():
            where = f"{path.name}: {name}"
            assert workload["metadata"]["labels"]["name"] == request.name, where
            pod_labels = workload["spec"]["template"]["metadata"]["labels"]
            assert pod_labels["name"] == request.name, where
            selector = workload["spec"]["selector"]["matchLabels"]
            assert selector.items() <= pod_labels.items(), where
        for obj in objects:
            assert obj["metadata"]["labels"]["name"] == request.name, f"{path.name}: {obj}"


async def test_rollsite_routes_parties_and_sends_the_rest_to_the_exchange(
    renderer: ManifestRenderer,
) -> None:
    text = (
        "name: ex\nnamespace: ex\nchartName: fate-exchange\nchartVersion: v1.11.2\npartyId: 1\n"
        "modules: [rollsite]\n"
        "rollsite:\n  exchange: {ip: 10.0.0.9, port: 30000}\n"
        "  partyList:\n  - {partyId: 9999, partyIp: 192.168.9.1, partyPort: 30091}\n"
    )

    objects = await _objects(renderer, text)

    config = next(o for o in objects if o["metadata"]["name"] == "rollsite-config")
    routes = json.loads(config["data"]["route_table.json"])["route_table"]
    assert routes["default"] == {"default": [{"ip": "10.0.0.9", "port": 30000}]}
    assert routes["9999"] == {"default": [{"ip": "192.168.9.1", "port": 30091}]}
    assert routes["1"]["fateflow"] == [{"ip": "fateflow", "port": 9360}]
    assert "eggroll.rollsite.party.id=1\n" in config["data"]["eggroll.properties"]
    service = next(o for o in objects if o["kind"] == "Service")
    # No type in the cluster.yaml: the chart's default, ClusterIP, and so no node port.
    assert service["spec"]["type"] == "ClusterIP"
    assert "nodePort" not in service["spec"]["ports"][0]


async def test_tls_and_node_ports_follow_the_cluster_yaml(renderer: ManifestRenderer) -> None:
    text = (
        "name: ex\nnamespace: ex\nchartName: fate-exchange\nchartVersion: v1.11.2\npartyId: 1\n"
        "registry: hub.example.com/fate\nmodules: [rollsite, trafficServer]\n"
        "rollsite: {type: NodePort, nodePort: 30010, enableTLS: true}\n"
        "trafficServer: {type: LoadBalancer, nodePort: 30011, loadBalancerIP: 10.1.1.1}\n"
    )

    objects = await _objects(renderer, text)

    assert schema_problems(objects) == []
    services = {o["metadata"]["name"]: o["spec"] for o in objects if o["kind"] == "Service"}
    assert services["rollsite"]["ports"][0]["nodePort"] == 30010
    assert services["traffic-server"]["ports"][0]["nodePort"] == 30011
    assert services["traffic-server"]["loadBalancerIP"] == "10.1.1.1"
    rollsite = _workloads(objects)["rollsite"]["spec"]["template"]["spec"]
    assert rollsite["containers"][0]["image"] == "hub.example.com/fate/eggroll:1.11.2-release"
    assert {"name": "eggroll-certs", "secret": {"secretName": "eggroll-certs"}} in rollsite[
        "volumes"
    ]


@pytest.mark.parametrize(
    "values",
    [
        None,
        {"modules": {m: {"include": True} for m in ("rollsite", "nginx", "trafficServer")}},
        {"podSecurityPolicy": {"enabled": True}, "modules": {"rollsite": {"include": True}}},
    ],
)
def test_helm_lint_reports_no_errors(values: dict[str, Any] | None) -> None:
    report = helm_python.lint(CHART, values, namespace="fate-exchange")

    errors = [m for m in report["messages"] if m["severity"] >= _ERROR]
    assert errors == [] and report["errors"] == []
