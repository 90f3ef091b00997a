"""When a party changes its id, its own entries in the route tables follow.

A route table lists this party's own entry (its own broker, for FATE-Flow) beside the others;
once `partyId` changes, the entry under the old id would describe a party that is not there and
the new party would have none (`own-route-missing`). The route tables are the schema's data
(`ChartSchema.route_tables`): in each, the entry under the old id is this party's own.
"""

from __future__ import annotations

from backend.drafts.cluster_draft import ClusterDraft


def follow_party_id(draft: ClusterDraft, old: int, new: int) -> list[str]:
    """Rename each route table's `old` key to `new` (where `new` is not already a key: that
    entry is another party's, and stays); the paths renamed, in words."""
    moved: list[str] = []
    if old == new:
        return moved
    for spec in draft.schema.route_tables:
        table = draft.get(spec.path)
        if not isinstance(table, dict):
            continue
        keys = {str(key) for key in table}
        if (
            str(old) in keys
            and str(new) not in keys
            and draft.rename_key(f"{spec.path}.{old}", str(new))
        ):
            moved.append(f"{spec.path}.{old} → {spec.path}.{new}")
    return moved
