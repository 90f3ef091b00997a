"""The presets: each a cluster.yaml valid as written, rendering with the bundled chart when
there is one, and found by name (a wrong name gets the closest ones)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from backend.presets import DEFAULT_PRESET, PRESETS, UnknownPreset, preset_named
from backend.schema.catalog import schema_for
from backend.schema.validator import validate_text
from tests.charts.fate_renders import BUNDLED_CHARTS, Rendered, render_all

NAMES = [preset.name for preset in PRESETS]


def bundled_charts() -> set[tuple[str, str]]:
    """(name, version) of the charts kubefate-tui ships."""
    found = set()
    for chart_yaml in BUNDLED_CHARTS.glob("*/Chart.yaml"):
        metadata = yaml.safe_load(chart_yaml.read_text(encoding="utf-8"))
        found.add((str(metadata["name"]), str(metadata["version"])))
    return found


RENDERABLE = [p.name for p in PRESETS if (p.chart_name, p.chart_version) in bundled_charts()]


@pytest.fixture(scope="module")
def rendered() -> dict[str, Rendered]:
    return render_all({name: preset_named(name).text() for name in RENDERABLE})


def test_the_catalog_holds_the_presets_of_issue_13_default_first() -> None:
    assert NAMES == [
        "fate",
        "spark-pulsar",
        "spark-rabbitmq",
        "slim",
        "gpu",
        "fate-v1",
        "serving",
    ]
    assert NAMES[0] == DEFAULT_PRESET


@pytest.mark.parametrize("name", NAMES)
def test_a_preset_validates_without_a_single_finding(name: str) -> None:
    assert validate_text(preset_named(name).text()) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_preset_names_the_chart_its_entry_says(name: str) -> None:
    preset = preset_named(name)
    document: dict[str, Any] = yaml.safe_load(preset.text())
    assert (document["chartName"], document["chartVersion"]) == (
        preset.chart_name,
        preset.chart_version,
    )
    assert preset.when.startswith("Pick this when") and preset.when.endswith(".")
    assert preset.text().startswith("# ")  # our own comment says what it is


def test_only_the_fate_v1_and_serving_presets_need_a_chart_upload() -> None:
    assert sorted(set(NAMES) - set(RENDERABLE)) == ["fate-v1", "serving"]


@pytest.mark.parametrize("name", RENDERABLE)
def test_a_preset_with_a_bundled_chart_renders_the_workloads_of_its_modules(
    name: str, rendered: dict[str, Rendered]
) -> None:
    document: dict[str, Any] = yaml.safe_load(preset_named(name).text())
    schema = schema_for(document["chartName"], document["chartVersion"])
    assert schema is not None
    expected = {
        (workload.kind, workload.name)
        for module in document["modules"]
        for workload in schema.workload_names()[module]
    }
    deployed = {(obj["kind"], obj["metadata"]["name"]) for obj in rendered[name].workloads()}
    assert deployed == expected


def test_the_engine_presets_deploy_their_own_engines(rendered: dict[str, Rendered]) -> None:
    def workloads(name: str) -> set[str]:
        return {obj["metadata"]["name"] for obj in rendered[name].workloads()}

    assert {"osx", "clustermanager", "nodemanager"} <= workloads("fate")
    assert {"spark-master", "namenode", "pulsar"} <= workloads("spark-pulsar")
    assert "rabbitmq" in workloads("spark-rabbitmq") and "pulsar" not in workloads("spark-rabbitmq")
    assert not {"spark-master", "namenode", "clustermanager"} & workloads("slim")


def test_the_gpu_preset_runs_fate_flow_on_a_gpu_with_the_nn_gpu_image(
    rendered: dict[str, Rendered],
) -> None:
    python = rendered["gpu"].get("StatefulSet", "python")
    (fateflow,) = [c for c in python["spec"]["template"]["spec"]["containers"]]
    assert fateflow["image"].endswith("fateflow-nn-gpu:2.0.0-release")
    assert fateflow["resources"]["limits"]["nvidia.com/gpu"] == 1


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("spark", "spark-pulsar or spark-rabbitmq"), ("fatev1", "fate-v1"), ("Slim", "slim")],
)
def test_an_unknown_preset_is_refused_naming_the_closest(typed: str, suggested: str) -> None:
    with pytest.raises(UnknownPreset, match=f"did you mean {suggested}") as refused:
        preset_named(typed)
    assert isinstance(refused.value, ValueError)
    assert "serving" in str(refused.value)  # and every name, for the ones nothing is close to
