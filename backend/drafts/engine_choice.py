"""Choosing engines: computing, federation and storage, and the modules they bring and drop.

The facts (which values exist, which modules each needs, which modules only make sense with
which engine) are the schema's (`ChartSchema.engines`, `module_engines`); this only applies
them to a draft, so the wizard never offers a module list the validator would refuse.
"""

from __future__ import annotations

from typing import NamedTuple

from backend.drafts.cluster_draft import ClusterDraft
from backend.schema.model import ChartSchema

ENGINE_KEYS = ("computing", "federation", "storage")


class Engines(NamedTuple):
    """One engine choice."""

    computing: str
    federation: str
    storage: str


class ModuleChange(NamedTuple):
    """What an engine choice did to `modules`, for the user to read."""

    added: tuple[str, ...]
    removed: tuple[str, ...]


def current_engines(draft: ClusterDraft) -> Engines:
    """The document's engines, with the schema's defaults for those not written."""
    schema = draft.schema
    values = []
    for key in ENGINE_KEYS:
        engine = schema.engine(key)
        written = draft.get(key)
        values.append(str(written) if written else (engine.default if engine else ""))
    return Engines(*values)


def modules_for(schema: ChartSchema, modules: list[str], engines: Engines) -> list[str]:
    """`modules` after choosing `engines`: modules of other engines out, needed ones in.

    Modules no engine governs (mysql, fateboard, client...) stay as they are, in their order;
    the needed ones are added at the end in the schema's order."""
    values = engines._asdict()
    kept = [name for name in modules if _allowed(schema, name, values)]
    for needed in schema.modules_needed(*engines):
        if needed not in kept:
            kept.append(needed)
    return kept


def choose_engines(draft: ClusterDraft, engines: Engines) -> ModuleChange:
    """Write `engines` into the draft and bring `modules` in line; says what changed."""
    schema = draft.schema
    for key, value in engines._asdict().items():
        draft.set(key, value)
    before = [str(name) for name in draft.get("modules") or []]
    after = modules_for(schema, before, engines)
    draft.set_items("modules", list(after))
    return ModuleChange(
        added=tuple(name for name in after if name not in before),
        removed=tuple(name for name in before if name not in after),
    )


def valid_combinations(schema: ChartSchema) -> list[Engines]:
    """The engine choices the chart line documents (no error, no warning), in its order."""
    return [
        Engines(combo.computing, combo.federation, combo.storage)
        for combo in schema.combinations
        if combo.severity is None
    ]


def _allowed(schema: ChartSchema, module: str, values: dict[str, str]) -> bool:
    for rule in schema.module_engines:
        if rule.module == module and values.get(rule.key) not in rule.values:
            return False
    return True
