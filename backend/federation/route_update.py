"""Rewrite one member's routes to a party so they name the ports that party exposes: the
file-side half of updating a party and the routes that point to it (issue 15).

Works on the text through ClusterDraft, so comments and layout stay as the user wrote them;
only the port keys `routes_of` found (by their concrete path) are changed.
"""

from __future__ import annotations

from backend.drafts.cluster_draft import ClusterDraft
from backend.federation.routes import Exposure, routes_of


def retargeted(text: str, party_id: int | None, exposure: Exposure) -> str | None:
    """`text` with each route to `party_id` set to the port `exposure` opens for its role;
    None when every such route already agrees (or the party exposes no port to name)."""
    draft = ClusterDraft.from_text(text)
    changed = False
    for route in routes_of(text):
        if route.party_id != party_id or not route.path:
            continue
        exposed = exposure.port_for(route.role)
        if exposed is None or exposed.port is None or exposed.port == route.port:
            continue
        changed = draft.set(route.path, exposed.port) or changed
    return draft.text() if changed else None


__all__ = ["retargeted"]
