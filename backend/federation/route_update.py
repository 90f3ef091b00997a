"""Rewrite the members' routes to one party so they reach it where it now listens: the file
half of updating a party and the routes that point to it (the Federations mode's `u`).

Works on each text through ClusterDraft, so comments and layout stay as the user wrote them;
only the keys `routes_of` found (by their concrete path) are changed: the port to the one the
party's cluster.yaml exposes for the route's role, the host to the party's fixed address
(loadBalancerIP) or else its live gateway address (Info ip) when one is known. A route the
party exposes no port for is left alone, as is TLS (a member-wide setting, not a route's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.document_file import replace_document
from backend.federation.federation_file import Federation, Member
from backend.federation.routes import Exposure, Route, routes_of


@dataclass(frozen=True, slots=True)
class RouteChange:
    """One key of a route rewritten: where, and what it said and will say."""

    path: str
    line: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.path} {self.old} → {self.new}"


@dataclass(frozen=True, slots=True)
class RouteRewrite:
    """A member's cluster.yaml with its routes to the party rewritten, and what changed."""

    text: str
    changes: tuple[RouteChange, ...]


def retargeted(
    text: str, party_id: int | None, exposure: Exposure, live_host: str | None = None
) -> RouteRewrite | None:
    """`text` with each route to `party_id` (None: to the exchange) naming the port `exposure`
    opens for its role and the party's address; None when every such route already agrees."""
    draft = ClusterDraft.from_text(text)
    host = exposure.host or live_host
    changes: list[RouteChange] = []
    for route in routes_of(text):
        exposed = exposure.port_for(route.role)
        if route.party_id != party_id or not route.path or exposed is None:
            continue
        port = exposed.port if exposed.port is not None else route.port
        changes.extend(_rewrite(draft, route, host or route.host, port))
    ordered = tuple(sorted(changes, key=lambda change: change.line))  # as the file reads
    return RouteRewrite(draft.text(), ordered) if changes else None


def _rewrite(draft: ClusterDraft, route: Route, host: str, port: int | None) -> list[RouteChange]:
    """Set `route`'s host and port in `draft`; the changes made."""
    if route.path == route.host_path:  # one key holds `host:port` (traffic-server's tunnels)
        old = f"{route.host}:{route.port}" if route.port is not None else route.host
        new = f"{host}:{port}" if port is not None else host
        return _set(draft, route.path, route.line, old, new)
    changes = _set(draft, route.host_path, route.host_line, route.host, host)
    if port is not None and route.port is not None:
        changes += _set(draft, route.path, route.line, route.port, port)
    return changes


def _set(draft: ClusterDraft, path: str, line: int, old: object, new: object) -> list[RouteChange]:
    if old == new or not draft.set(path, new):
        return []
    return [RouteChange(path, line, str(old), str(new))]


@dataclass(frozen=True, slots=True)
class MemberRewrite:
    """A member whose routes to the party change: its file's new text and the changes, or
    why its file cannot be rewritten (`refused`)."""

    member: Member
    exchange: bool
    rewrite: RouteRewrite | None
    refused: str = ""
    before: str = ""
    """The file's text the rewrite was made from (saving checks it is still that)."""


def rewrites_for(
    federation: Federation, target: Member, exposure: Exposure, live_host: str | None
) -> list[MemberRewrite]:
    """Every other member whose routes to `target` disagree with `exposure` (and its
    address), in the federation's order. Reads the files: call it off the event loop."""
    found: list[MemberRewrite] = []
    party_id = None if target is federation.exchange else target.party_id
    for member in federation.members:
        if member is target:
            continue
        exchange = member is federation.exchange
        try:
            text = member.file.read_text(encoding="utf-8")
            rewrite = retargeted(text, party_id, exposure, live_host)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            found.append(MemberRewrite(member, exchange, None, f"cannot read it: {error}"))
            continue
        if rewrite is None:
            continue
        refused = "" if _inside(federation.folder, member.file) else OUTSIDE
        found.append(MemberRewrite(member, exchange, rewrite, refused, text))
    return found


OUTSIDE = "its file is outside the federation's folder: not rewritten"


class OutsideFederation(ValueError):
    """A file the federation names that is not inside its folder: never rewritten."""


class ChangedMeanwhile(ValueError):
    """The file is no longer the text the rewrite was made from: someone edited it since."""


def _inside(folder: Path, file: Path) -> bool:
    return file.resolve().is_relative_to(folder.resolve())


def save_inside(folder: Path, file: Path, text: str, before: str | None = None) -> None:
    """Replace `file` with `text` at once (no half-written cluster.yaml), only when it lies
    inside the federation's `folder` (a federation.yaml may name any path, and the console
    rewrites only what the federation owns) and, given `before`, only while the file still
    holds that text (an edit made since is never overwritten). OutsideFederation,
    ChangedMeanwhile or OSError say why not."""
    if not _inside(folder, file):
        raise OutsideFederation(f"{file} is outside the federation's folder {folder}")
    if before is not None and file.read_text(encoding="utf-8") != before:
        raise ChangedMeanwhile(f"{file.name} was edited since the update was asked for")
    replace_document(file, text.encode("utf-8"))


__all__ = [
    "ChangedMeanwhile",
    "MemberRewrite",
    "OutsideFederation",
    "RouteChange",
    "RouteRewrite",
    "retargeted",
    "rewrites_for",
    "save_inside",
]
