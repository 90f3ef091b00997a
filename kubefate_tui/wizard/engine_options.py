"""The engine values the wizard offers: only combinations the chart line documents."""

from __future__ import annotations

from collections.abc import Mapping

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.engine_choice import ENGINE_KEYS, Engines, current_engines, valid_combinations
from backend.schema.model import ChartSchema


def engine_choices(draft: ClusterDraft) -> dict[str, tuple[str, ...]]:
    """engine key -> the values to offer: computing any documented one; federation and storage
    those documented with the chosen computing."""
    schema = draft.schema
    combos = valid_combinations(schema)
    if not combos:
        return {}
    chosen = current_engines(draft)
    same = [combo for combo in combos if combo.computing == chosen.computing] or combos
    return {
        "computing": _unique(combo.computing for combo in combos),
        "federation": _unique(combo.federation for combo in same),
        "storage": _unique(combo.storage for combo in same if combo.federation == chosen.federation)
        or _unique(combo.storage for combo in same),
    }


def settle_engines(schema: ChartSchema, current: Engines, typed: Mapping[str, str]) -> Engines:
    """The documented combination closest to what was chosen: the values just chosen are kept,
    the others follow (choosing Spark moves Eggroll storage to HDFS and OSX to Pulsar)."""
    wanted = current._asdict() | {key: value for key, value in typed.items() if value}
    combos = valid_combinations(schema)
    if not combos:
        return Engines(**wanted)
    order = [key for key in ENGINE_KEYS if key in typed] + [
        key for key in ENGINE_KEYS if key not in typed
    ]

    def score(combo: Engines) -> tuple[int, ...]:
        values = combo._asdict()
        return tuple(int(values[key] == wanted[key]) for key in order)

    return max(combos, key=score)


def _unique(values: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        seen[str(value)] = None
    return tuple(seen)
