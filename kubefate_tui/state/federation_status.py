"""What the Federations mode shows, read from the federation's files and its parties' backends.

Each party: its cluster's status and gateway address (Info ip:port, as the cluster detail reads
it) from the backend of its profile, or why that backend cannot be reached. Each ordered pair of
parties: what the first's route table says about the second (`routes_of`), checked against where
the second really listens: its live Info when it is deployed, else what its own cluster.yaml
exposes (`exposure_of`). A disagreement carries its reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from backend.errors import (
    AuthenticationFailed,
    BackendError,
    PermissionDenied,
    Unavailable,
)
from backend.federation.consistency import PLACEHOLDER
from backend.federation.federation_file import Federation, Member
from backend.federation.routes import Exposure, Route, exposure_of, routes_of
from backend.interface import Backend
from backend.models import Cluster
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.party_backends import PartyBackends, Unreachable

NOT_DEPLOYED = "not deployed"
CURRENT_BACKEND = "current"


@dataclass(frozen=True, slots=True)
class PartyStatus:
    """One member of the federation as it is now."""

    member: Member
    exchange: bool
    status: str
    ip: str | None = None
    port: int | None = None
    problem: str = ""
    """Why nothing live is known ("backend unreachable: …"), "" otherwise."""

    @property
    def name(self) -> str:
        """`party 9999` or `exchange`."""
        if self.exchange:
            return "exchange"
        return f"party {self.member.party_id}"

    @property
    def profile(self) -> str:
        return self.member.profile or CURRENT_BACKEND

    @property
    def gateway(self) -> str:
        """`ip:port` from Info, "—" when it is not known."""
        if self.ip and self.port:
            return f"{self.ip}:{self.port}"
        return "—"


@dataclass(frozen=True, slots=True)
class PairCheck:
    """What `source`'s route table says about `target`, and why it is wrong ("" when right)."""

    source: str
    target: str
    says: str
    mismatch: str


@dataclass(frozen=True, slots=True)
class FederationStatus:
    """The parties (exchange first) and the pairs, in the federation file's order."""

    federation: Federation
    parties: tuple[PartyStatus, ...]
    pairs: tuple[PairCheck, ...]

    @property
    def mismatches(self) -> int:
        return sum(1 for pair in self.pairs if pair.mismatch)


def members_of(federation: Federation) -> list[tuple[Member, bool]]:
    """Every member with whether it is the exchange, the exchange first (it deploys first)."""
    return [(member, member is federation.exchange) for member in federation.members]


async def read_status(federation: Federation, backends: PartyBackends) -> FederationStatus:
    """The federation's live state, reading every party's backend at once."""
    members = members_of(federation)
    parties = await asyncio.gather(*(party_status(m, x, backends) for m, x in members))
    texts = await asyncio.to_thread(_read_texts, [m.file for m, _ in members])
    pairs = pair_checks(list(parties), texts)
    return FederationStatus(federation, tuple(parties), tuple(pairs))


async def party_status(member: Member, exchange: bool, backends: PartyBackends) -> PartyStatus:
    """The member's cluster on its profile's backend: status and Info, or why not known."""
    backend = await backends.backend_for(member.profile)
    if isinstance(backend, Unreachable):
        return PartyStatus(member, exchange, "?", problem=backend.text)
    try:
        cluster = await find_cluster(backend, member)
    except (Unavailable, AuthenticationFailed, PermissionDenied) as error:
        problem = f"backend unreachable: {error_text(error)}"
        return PartyStatus(member, exchange, "?", problem=problem)
    except BackendError as error:  # reached, but it could not answer this
        return PartyStatus(member, exchange, "?", problem=f"cannot read: {error_text(error)}")
    if cluster is None:
        return PartyStatus(member, exchange, NOT_DEPLOYED)
    info = cluster.info or {}
    port = info.get("port")
    return PartyStatus(
        member,
        exchange,
        cluster.status.value,
        ip=gateway_ip(info.get("ip")),
        port=int(port) if isinstance(port, int | str) and str(port).isdigit() else None,
    )


def gateway_ip(value: object) -> str | None:
    """Info's `ip` when it is an address: KubeFATE puts its error there when the nodes
    cannot be listed (`Get node ip failed. …`, docs/kubefate-behaviour.md §2.8)."""
    text = str(value).strip() if value else ""
    return text if text and not any(char.isspace() for char in text) else None


async def find_cluster(backend: Backend, member: Member) -> Cluster | None:
    """The live cluster of `member` (its name in its namespace) with Info; None if absent."""
    for cluster in await backend.list_clusters():
        if cluster.name == member.cluster and cluster.namespace == member.namespace:
            return await backend.get_cluster(cluster.uuid)
    return None


def _read_texts(paths: Sequence[Path]) -> list[str | Exception]:
    found: list[str | Exception] = []
    for path in paths:
        try:
            found.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            found.append(error)
    return found


@dataclass(frozen=True, slots=True)
class _Listens:
    """Where a member is reached: its exposure (from its cluster.yaml), and its live gateway
    (Info ip:port) when it is deployed."""

    name: str
    exposure: Exposure | None
    ip: str | None
    port: int | None
    file_name: str

    def expected(self, role: str) -> tuple[str | None, int | None, bool | None, str]:
        """Host, port, TLS and what told us, for the port of `role` a route names. Info's
        port is the main gateway's (the first exposed port); the others come from the file."""
        exposed = self.exposure.port_for(role) if self.exposure is not None else None
        tls = exposed.tls if exposed is not None else None
        main = self.exposure is None or not self.exposure.ports
        main = main or (self.exposure is not None and self.exposure.ports[0].role == role)
        if self.ip and self.port and main:
            return self.ip, self.port, tls, "live Info"
        host = self.ip or (self.exposure.host if self.exposure is not None else None)
        return host, exposed.port if exposed is not None else None, tls, self.file_name


def where_it_listens(party: PartyStatus, text: str | Exception) -> _Listens:
    """What is known of where `party` listens: its file's exposure and its live Info."""
    exposure = None
    if isinstance(text, str):
        try:
            exposure = exposure_of(text)
        except ValueError:  # an unreadable document exposes nothing we can tell
            exposure = None
    file = party.member.file
    return _Listens(party.name, exposure, party.ip, party.port, f"{file.parent.name}/{file.name}")


def pair_checks(parties: list[PartyStatus], texts: list[str | Exception]) -> list[PairCheck]:
    """Every ordered pair (source, party): the source's routes to that party, checked. A
    source without a route of its own to a party reaches it through its exchange route."""
    listens = [where_it_listens(p, t) for p, t in zip(parties, texts, strict=True)]
    exchange = next((i for i, p in enumerate(parties) if p.exchange), None)
    checks: list[PairCheck] = []
    for s, source in enumerate(parties):
        routes = _routes(texts[s])
        for t, target in enumerate(parties):
            if s == t or target.member.party_id is None:
                continue
            if isinstance(routes, str):
                checks.append(PairCheck(source.name, target.name, "?", routes))
                continue
            direct = [r for r in routes if r.party_id == target.member.party_id]
            via_exchange = [r for r in routes if r.party_id is None] if not direct else []
            reached = listens[t] if direct or exchange is None else listens[exchange]
            checks.append(_check(source, target, direct or via_exchange, reached))
    return checks


def _routes(text: str | Exception) -> list[Route] | str:
    if isinstance(text, Exception):
        return f"cannot read its cluster.yaml: {error_text(text)}"
    try:
        return routes_of(text)
    except ValueError as error:
        return f"cannot read its routes: {error_text(error)}"


def _check(
    source: PartyStatus, target: PartyStatus, routes: list[Route], reached: _Listens
) -> PairCheck:
    if not routes:
        return PairCheck(source.name, target.name, "no route", f"no route to {target.name}")
    says = "; ".join(_route_text(route) for route in routes)
    reasons = [_mismatch(route, reached) for route in routes]
    return PairCheck(source.name, target.name, says, "; ".join(r for r in reasons if r))


def _route_text(route: Route) -> str:
    port = f":{route.port}" if route.port else ""
    return f"{route.host}{port}{' tls' if route.tls else ''} ({route.via})"


def _mismatch(route: Route, reached: _Listens) -> str:
    """Why `route` does not reach `reached` ("" when it does, or nothing is known to differ)."""
    host, port, tls, source = reached.expected(route.role)
    reasons: list[str] = []
    key = route.path or route.via
    if port is not None and route.port is not None and route.port != port:
        reasons.append(f"{key} is port {route.port}, {reached.name} listens on {port} ({source})")
    if PLACEHOLDER.fullmatch(route.host):  # `federation new` could not know it: still to write
        reasons.append("address not filled in yet")
    elif host and route.host and route.host != host:
        reasons.append(f"{key} names host {route.host}, {reached.name} is at {host} ({source})")
    if tls is not None and route.tls != tls:
        said, wanted = ("TLS" if route.tls else "plain"), ("TLS" if tls else "plain")
        reasons.append(f"{key} speaks {said}, {reached.name} expects {wanted}")
    return "; ".join(reasons)
