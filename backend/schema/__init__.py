"""The cluster.yaml schema (one source of truth) and its validator.

Public API (imported lazily, so `import backend.schema` costs nothing):

* `schema_for(chart_name, chart_version) -> ChartSchema | None` — the keys, modules, engines
  and rules of a chart line (catalog.py; the data lives in fate_charts.py and other_charts.py).
* `validate_text(text) -> list[Finding]`, `validate_file(path) -> list[Finding]` (validator.py).
* `Finding`, `KeySpec`, `ChartSchema`, `ModuleSpec`, `Workload`, `EngineSpec` (model.py,
  findings.py).
* `compose(text)` — YAML with 1-based positions (yamlpos.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.schema.catalog import all_schemas, schema_for
    from backend.schema.findings import Finding
    from backend.schema.model import ChartSchema, EngineSpec, KeySpec, ModuleSpec, Workload
    from backend.schema.validator import validate_file, validate_text
    from backend.schema.yamlpos import compose

__all__ = [
    "ChartSchema",
    "EngineSpec",
    "Finding",
    "KeySpec",
    "ModuleSpec",
    "Workload",
    "all_schemas",
    "compose",
    "schema_for",
    "validate_file",
    "validate_text",
]

_HOMES = {
    "schema_for": "catalog",
    "all_schemas": "catalog",
    "Finding": "findings",
    "ChartSchema": "model",
    "EngineSpec": "model",
    "KeySpec": "model",
    "ModuleSpec": "model",
    "Workload": "model",
    "validate_file": "validator",
    "validate_text": "validator",
    "compose": "yamlpos",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backend.schema' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"backend.schema.{home}"), name)
