"""KubeFATE's own example cluster.yaml files, through a broad values-template of ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from backend.charts.values_template import render_values_template
from backend.helm import HelmEngine
from tests.conftest import KUBEFATE_DATA

BROAD_TEMPLATE = (Path(__file__).parent / "data" / "broad-values-template.yaml").read_text(
    encoding="utf-8"
)
EXAMPLES = sorted(KUBEFATE_DATA.glob("v*/*.yaml"))


def _example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


async def test_every_example_cluster_yaml_renders(helm: HelmEngine) -> None:
    # One test over all files: a single warm worker keeps this well under a second.
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        spec: dict[str, Any] = yaml.safe_load(text)
        rendered = await render_values_template(helm, BROAD_TEMPLATE, text)
        _check(rendered.values, spec, _example_id(path))
    assert len(EXAMPLES) >= 10


def _check(values: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    assert values["partyId"] == int(spec["partyId"]), where
    assert values["partyName"] == spec["name"], where
    assert values["chart"] == f"{spec['chartName']}-{spec['chartVersion']}", where
    assert values["image"]["registry"] == (spec.get("registry") or "federatedai"), where
    for module, present in values["modules"].items():
        assert present == (module in spec["modules"]), f"{where}: {module}"
    if "python" in spec:
        assert values["python"]["httpNodePort"] == spec["python"].get("httpNodePort"), where
    routes = (spec.get("nginx") or {}).get("route_table")
    if routes:
        assert set(values["nginx"]["route_table"]) == {str(key) for key in routes}, where
    pulsar_routes = (spec.get("pulsar") or {}).get("route_table")
    if pulsar_routes:
        assert set(values["pulsar"]["route_table"]) == {str(key) for key in pulsar_routes}, where
    for party in (values.get("rollsite") or {}).get("partyList") or []:
        assert isinstance(party["partyId"], str), where
    assert "<no value>" not in str(values), where
