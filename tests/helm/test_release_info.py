"""Reading Helm's release summaries and error texts (no worker needed)."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.helm import (
    ChartInvalid,
    ChartRenderError,
    ClusterAccessError,
    HelmTimeout,
    ReleaseFailed,
    ReleaseInfo,
    ReleaseNotFound,
    RepoError,
)
from backend.helm.failure_translation import translate


def test_a_summary_becomes_release_info() -> None:
    info = ReleaseInfo.from_summary(
        {
            "name": "fate-9999",
            "namespace": "fate-ns",
            "revision": 3,
            "status": "deployed",
            "deployed_at": "2026-11-28T13:59:49.123456789Z",
            "chart_name": "fate",
            "chart_version": "v2.0.0",
            "app_version": "v2.0.0",
            "description": "Upgrade complete",
            "manifest": "ignored",
        }
    )

    assert info == ReleaseInfo(
        name="fate-9999",
        namespace="fate-ns",
        revision=3,
        status="deployed",
        chart_name="fate",
        chart_version="v2.0.0",
        app_version="v2.0.0",
        updated=datetime(2026, 11, 28, 13, 59, 49, 123456, tzinfo=UTC),
        description="Upgrade complete",
    )


def test_missing_or_odd_fields_do_not_break_it() -> None:
    info = ReleaseInfo.from_summary({"name": "x", "revision": None, "deployed_at": "yesterday"})

    assert (info.revision, info.updated, info.status) == (0, None, "")


def test_helm_failures_map_to_our_errors() -> None:
    assert isinstance(translate("HelmNotFoundError", "release: not found", "x"), ReleaseNotFound)
    assert isinstance(translate("HelmKubeError", "unreachable", "x"), ClusterAccessError)
    assert isinstance(translate("HelmReleaseError", "name in use", "x"), ReleaseFailed)
    assert isinstance(translate("HelmStorageError", "bad secret", "x"), ReleaseFailed)
    assert isinstance(translate("HelmRepoError", "404", "x"), RepoError)
    assert isinstance(translate("HelmChartLoadError", "no Chart.yaml", "x"), ChartInvalid)
    assert isinstance(translate("HelmCancelledError", "ctx", "install of a"), HelmTimeout)
    assert str(translate("HelmReleaseError", "cannot re-use a name", "x")) == "cannot re-use a name"


def test_render_errors_are_located_in_each_of_helms_forms() -> None:
    multi_line = translate(
        "HelmRenderError",
        'fate/templates/a.yaml:2:12\n  executing "fate/templates/a.yaml" at <.a.b>:\n'
        "    nil pointer evaluating interface {}.b",
        "x",
    )
    parse = translate(
        "HelmRenderError", "parse error at (fate/templates/_h.tpl:7): unexpected EOF", "x"
    )
    execution = translate(
        "HelmRenderError", "execution error at (f/templates/x.yaml:1:3): boom", "x"
    )

    assert isinstance(multi_line, ChartRenderError)
    assert (multi_line.path, multi_line.line, multi_line.column) == ("fate/templates/a.yaml", 2, 12)
    assert multi_line.detail.endswith("nil pointer evaluating interface {}.b")
    assert isinstance(parse, ChartRenderError)
    assert (parse.line, parse.column, parse.detail) == (7, None, "parse error: unexpected EOF")
    assert isinstance(execution, ChartRenderError)
    assert (execution.line, execution.column, execution.detail) == (1, 3, "execution error: boom")


def test_huge_helm_messages_keep_their_start_and_end() -> None:
    nested = "at <include>: error calling include: " * 3000
    error = translate("HelmRenderError", f"x/templates/_a.tpl:4:6: {nested}the real cause", "x")

    text = str(error)
    assert len(text) < 2100
    assert text.startswith("x/templates/_a.tpl:4:6") and text.endswith("the real cause")
    assert isinstance(error, ChartRenderError) and error.line == 4
