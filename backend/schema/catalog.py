"""Which schema applies to a cluster.yaml: by chartName and chartVersion.

Schemas are built on first use and cached, so a command that only needs one chart line does
not pay for the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

from backend.schema.model import ChartSchema

KNOWN_CHARTS = (
    "fate",
    "fate-serving",
    "fate-exchange",
    "fedml-client",
    "fedml-server",
    "fate-upgrade-manager",
)
"""The charts KubeFATE ships (docs/kubefate-behaviour.md §4.6)."""

MIN_VALIDATED_FATE = (1, 9, 0)
"""KubeFATE validates fate charts from 1.9.0 on; older ones used another layout (§5.6)."""

_cache: dict[str, ChartSchema] = {}


def parse_version(version: str) -> tuple[int, ...] | None:
    """`v2.0.0` -> (2, 0, 0); leading `v`s are dropped; each part must start with a digit
    (`1.11.2-rc1` -> (1, 11, 2)). None when the first part is not numeric."""
    text = version.strip().lstrip("vV")
    parts: list[int] = []
    for piece in text.split("."):
        digits = ""
        for char in piece:
            if not char.isdigit() or not char.isascii():
                break
            digits += char
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) != len(piece):
            break
    return tuple(parts) if parts else None


def _build(line: str) -> ChartSchema:
    if line.startswith("fate-v"):
        from backend.schema import fate_charts

        return fate_charts.fate_v2() if line == "fate-v2" else fate_charts.fate_v1()
    from backend.schema import other_charts

    builders: dict[str, Callable[[], ChartSchema]] = {
        "fate-serving": other_charts.fate_serving,
        "fate-exchange": other_charts.fate_exchange,
        "fedml-client": lambda: other_charts.fedml("client"),
        "fedml-server": lambda: other_charts.fedml("server"),
        "fate-upgrade-manager": other_charts.upgrade_manager,
    }
    return builders[line]()


def schema_by_line(line: str) -> ChartSchema:
    """The schema of a line id: fate-v2, fate-v1, fate-serving, fate-exchange, fedml-client,
    fedml-server, fate-upgrade-manager."""
    schema = _cache.get(line)
    if schema is None:
        schema = _cache[line] = _build(line)
    return schema


LineStatus = Literal["ok", "unknown-chart", "old-version", "bad-version"]


class ChartLine(NamedTuple):
    """The outcome of picking a line: the schema (None when only common keys can be checked)
    and why."""

    schema: ChartSchema | None
    status: LineStatus


def pick_line(chart_name: str, chart_version: str) -> ChartLine:
    """Like `schema_for`, but says why no schema applies."""
    if chart_name not in KNOWN_CHARTS:
        return ChartLine(None, "unknown-chart")
    if chart_name != "fate":
        return ChartLine(schema_by_line(chart_name), "ok")
    version = parse_version(chart_version)
    if version is None:
        return ChartLine(None, "bad-version")
    if version >= (2,):
        return ChartLine(schema_by_line("fate-v2"), "ok")
    if version >= MIN_VALIDATED_FATE:
        return ChartLine(schema_by_line("fate-v1"), "ok")
    return ChartLine(None, "old-version")


def schema_for(chart_name: str, chart_version: str) -> ChartSchema | None:
    """The schema of chart `chart_name` at `chart_version` (a leading `v` is optional).

    `fate` >= 2 -> the v2 line; 1.9 <= `fate` < 2 -> the v1.x line; older or unparsable `fate`
    versions, and chart names KubeFATE does not ship -> None. The other KubeFATE charts have one
    schema for every version.
    """
    return pick_line(chart_name, chart_version).schema


def all_schemas() -> tuple[ChartSchema, ...]:
    """Every chart line's schema (builds them all)."""
    return tuple(
        schema_by_line(line)
        for line in (
            "fate-v2",
            "fate-v1",
            "fate-serving",
            "fate-exchange",
            "fedml-client",
            "fedml-server",
            "fate-upgrade-manager",
        )
    )


def common_schema(chart_name: str = "") -> ChartSchema:
    """The common keys only (name, namespace, chartName, chartVersion, skippedKeys)."""
    from backend.schema.other_charts import common_only

    return common_only(chart_name)
