"""A cluster's FATE party id, as its cluster.yaml (`partyId`) gives it."""

from __future__ import annotations

from backend.models import Cluster


def party_id(cluster: Cluster) -> str:
    """`partyId` from the cluster's spec as text; "" when the spec has none."""
    value = (cluster.spec or {}).get("partyId")
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)
