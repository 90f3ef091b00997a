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

from backend.errors import BackendError
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
    found = [(federation.exchange, True)] if federation.exchange is not None else []
    return found + [(party, False) for party in federation.parties]


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
    except BackendError as error:
        return PartyStatus(
            member, exchange, "?", problem=f"backend unreachable: {error_text(error)}"
        )
    if cluster is None:
        return PartyStatus(member, exchange, NOT_DEPLOYED)
    info = cluster.info or {}
    port = info.get("port")
    return PartyStatus(
        member,
        exchange,
        cluster.status.value,
        ip=str(info["ip"]) if info.get("ip") else None,
        port=int(port) if isinstance(port, int | str) and str(port).isdigit() else None,
    )


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
    """Where a member listens, and what told us."""

    host: str | None
    port: int | None
    tls: bool | None
    source: str


def where_it_listens(party: PartyStatus, text: str | Exception) -> _Listens:
    """The live gateway when deployed; else what its cluster.yaml exposes."""
    exposure: Exposure | None = None
    if isinstance(text, str):
        try:
            exposure = exposure_of(text)
        except ValueError:
            exposure = None
    tls = exposure.tls if exposure is not None else None
    if party.ip and party.port:
        return _Listens(party.ip, party.port, tls, "live Info")
    if exposure is not None:
        return _Listens(exposure.host, exposure.port, tls, f"{party.member.file.name}")
    return _Listens(None, None, None, "nothing known")


def pair_checks(parties: list[PartyStatus], texts: list[str | Exception]) -> list[PairCheck]:
    """Every ordered pair of members: the route of the first to the second, checked."""
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
            route = next((r for r in routes if r.party_id == target.member.party_id), None)
            # A party behind the exchange is reached at the exchange's address.
            via_exchange = exchange is not None and not source.exchange
            expected = listens[exchange] if via_exchange and exchange is not None else listens[t]
            if via_exchange and exchange is not None and route is not None and route.host:
                if route.host not in (listens[exchange].host,) and route.host == listens[t].host:
                    expected = listens[t]
            checks.append(_check(source, target, route, expected))
    return checks


def _routes(text: str | Exception) -> list[Route] | str:
    if isinstance(text, Exception):
        return f"cannot read its cluster.yaml: {error_text(text)}"
    try:
        return routes_of(text)
    except ValueError as error:
        return f"cannot read its routes: {error_text(error)}"


def _check(
    source: PartyStatus, target: PartyStatus, route: Route | None, where: _Listens
) -> PairCheck:
    if route is None:
        return PairCheck(source.name, target.name, "no route", f"no route to {target.name}")
    port = f":{route.port}" if route.port else ""
    says = f"{route.host}{port}{' tls' if route.tls else ''} ({route.via})"
    return PairCheck(source.name, target.name, says, _mismatch(route, where))


def _mismatch(route: Route, where: _Listens) -> str:
    """Why `route` does not reach where the target listens ("" when it does, or is unknown)."""
    reasons: list[str] = []
    if where.port is not None and route.port is not None and route.port != where.port:
        reasons.append(f"port {route.port}, but it listens on {where.port} ({where.source})")
    if where.host and route.host and route.host != where.host:
        reasons.append(f"host {route.host}, but it is at {where.host} ({where.source})")
    if where.tls is not None and route.tls != where.tls:
        wanted = "TLS" if where.tls else "plain TCP"
        reasons.append(f"{'TLS' if route.tls else 'plain TCP'}, but it expects {wanted}")
    return "; ".join(reasons)
