"""Rewrite one member's routes to a party so they name the ports that party exposes: the
file-side half of updating a party and the routes that point to it (issue 15).

Works on the text through ClusterDraft, so comments and layout stay as the user wrote them;
only the port keys `routes_of` found (by their concrete path) are changed.
"""

from __future__ import annotations

from pathlib import Path

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.document_file import replace_document
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


class OutsideFederation(ValueError):
    """A file the federation names that is not inside its folder: never rewritten."""


def save_inside(folder: Path, file: Path, text: str) -> None:
    """Replace `file` with `text` at once (no half-written cluster.yaml), only when it lies
    inside the federation's `folder`: a federation.yaml may name any path, and the console
    rewrites only what the federation owns. OutsideFederation or OSError say why not."""
    if not file.resolve().is_relative_to(folder.resolve()):
        raise OutsideFederation(f"{file} is outside the federation's folder {folder}")
    replace_document(file, text.encode("utf-8"))


__all__ = ["OutsideFederation", "retargeted", "save_inside"]
