"""HelmEngine's offline operations, through a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.helm import ChartInvalid, ChartRenderError, HelmEngine
from tests.helm.chart_builder import CONFIGMAP, chart_archive, chart_files, write_folder


async def test_render_is_helm_template(helm: HelmEngine) -> None:
    manifests = await helm.render(
        chart_archive(), {"partyId": 9999, "greeting": "hi"}, "fate-9999", "fate-ns"
    )

    text = manifests["demo/templates/cm.yaml"]
    assert "name: fate-9999-settings" in text
    assert "namespace: fate-ns" in text
    assert 'partyId: "9999"' in text  # float64 inside Go, printed the short way
    assert 'greeting: "hi"' in text


async def test_render_applies_chart_defaults_and_null_deletes_them(helm: HelmEngine) -> None:
    chart = chart_archive(values="partyId: 1\ngreeting: from-chart\n")

    kept = await helm.render(chart, {}, "r", "ns")
    deleted = await helm.render(chart, {"greeting": None}, "r", "ns")

    assert 'greeting: "from-chart"' in kept["demo/templates/cm.yaml"]
    # Helm's coalescing: a null user value deletes the chart default, so `default` applies.
    assert 'greeting: "hello"' in deleted["demo/templates/cm.yaml"]


async def test_render_error_says_file_line_and_column(helm: HelmEngine) -> None:
    broken = CONFIGMAP + "  bad: {{ .Values.missing.field }}\n"

    with pytest.raises(ChartRenderError) as caught:
        await helm.render(chart_archive(templates={"cm.yaml": broken}), {}, "r", "ns")

    assert caught.value.path == "demo/templates/cm.yaml"
    assert caught.value.line == 11  # CONFIGMAP has 10 lines
    assert caught.value.column == 17
    assert "nil pointer" in caught.value.detail
    assert "demo/templates/cm.yaml:11:17" in str(caught.value)


async def test_parse_error_names_the_line(helm: HelmEngine) -> None:
    with pytest.raises(ChartRenderError) as caught:
        await helm.render(
            chart_archive(templates={"x.yaml": "a: 1\n{{ if .Values.a }}\n"}), {}, "r", "n"
        )

    assert caught.value.line is not None
    assert "unexpected EOF" in caught.value.detail


async def test_not_a_chart_is_chart_invalid(helm: HelmEngine) -> None:
    with pytest.raises(ChartInvalid):
        await helm.render(b"this is not a tgz", {}, "r", "ns")


async def test_parse_values_reads_yaml_as_go_does(helm: HelmEngine) -> None:
    values = await helm.parse_values("partyId: 9999\nbig: 1e+06\n10000: x\nok: yes\nmode: 012\n")

    assert values == {"partyId": 9999, "big": 1000000, "10000": "x", "ok": True, "mode": 10}


async def test_package_a_chart_folder(helm: HelmEngine, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "demo", chart_files("demo", "v1.2.3"))

    packed = await helm.package(folder)

    manifests = await helm.render(packed, {}, "r", "ns")
    assert list(manifests) == ["demo/templates/cm.yaml"]


async def test_the_worker_is_reused_and_its_output_never_reaches_our_fds(
    helm: HelmEngine, helm_log: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # A symbolic link inside a chart folder makes Helm's loader write an INFO line straight to
    # fd 2 (Go's slog default handler), bypassing any Python logging.
    folder = write_folder(tmp_path / "linked", chart_files("linked", "v1.0.0"))
    (tmp_path / "outside.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    os.symlink(tmp_path / "outside.yaml", folder / "templates" / "linked.yaml")
    capfd.readouterr()

    await helm.package(folder)
    first = helm.worker_pids()
    await helm.render(chart_archive(), {}, "r", "ns")

    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert "found symbolic link in path" in helm_log.read_text(encoding="utf-8")
    assert helm.worker_pids() == first  # one warm worker served both requests


def test_importing_the_backend_does_not_load_helm() -> None:
    code = (
        "import sys, backend.helm, backend.charts.values_template, backend.charts.chart_registry;"
        "print('helm_python' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


async def test_values_json_cannot_carry_are_refused_before_reaching_helm(helm: HelmEngine) -> None:
    with pytest.raises(ChartInvalid, match="cannot be passed to Helm"):
        await helm.render(chart_archive(), {"when": {1, 2}}, "r", "ns")

    assert await helm.render(chart_archive(), {}, "r", "ns")
