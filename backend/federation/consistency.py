"""`federation check`, offline: do the federation's cluster.yaml files agree with each other?

Each file's own schema findings, then what only the files together can tell: routes that
name another party's port, TLS or address wrongly, parties missing from a route table,
duplicate party ids, NodePorts asked for twice in one Kubernetes cluster (one profile), and
placeholders (`<node-ip-of-party-10000>`) still to be filled in. A finding that involves two
files is reported in the one to change and names the other with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from backend.federation.federation_file import Federation, Member
from backend.federation.node_ports import node_ports_of, scalars
from backend.federation.routes import (
    ExposedPort,
    Exposure,
    Route,
    exposure_of,
    route_families,
    routes_of,
)
from backend.schema.findings import Finding, Severity
from backend.schema.validator import validate_text
from backend.schema.yamlpos import compose

PLACEHOLDER = re.compile(r"<[A-Za-z0-9][A-Za-z0-9._-]*>")
"""A value still to be filled in, as `federation new` writes it: `<node-ip-of-party-10000>`."""


def placeholder_for(party_id: int | None) -> str:
    """The placeholder `federation new` writes for an address it cannot know."""
    return "<node-ip-of-exchange>" if party_id is None else f"<node-ip-of-party-{party_id}>"


@dataclass(frozen=True)
class FileFinding:
    """A finding in one file of the federation; `other` is the second file it involves."""

    file: Path
    finding: Finding
    other: Path | None = None


@dataclass
class FederationReport:
    """What `check_federation` found; `unreadable` holds (file, reason) of files it could
    not read."""

    findings: list[FileFinding] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)

    def add(
        self,
        file: Path,
        severity: Severity,
        code: str,
        where: tuple[str, int],
        message: str,
        other: Path | None = None,
    ) -> None:
        path, line = where
        self.findings.append(
            FileFinding(file, Finding(severity, code, path, max(line, 1), 1, message), other)
        )


@dataclass(frozen=True)
class _Read:
    """A member with its text and what that text says."""

    member: Member
    text: str
    exposure: Exposure
    routes: tuple[Route, ...]
    is_exchange: bool


def _read(federation: Federation, report: FederationReport) -> list[_Read]:
    read: list[_Read] = []
    files: set[Path] = set()
    for member in federation.members:
        if member.file in files:
            continue  # a member listed twice is reported once, as a duplicate
        files.add(member.file)
        try:
            text = member.file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            report.unreadable.append((member.file, str(reason)))
            continue
        routes = tuple(routes_of(text))
        is_exchange = member is federation.exchange
        read.append(_Read(member, text, exposure_of(text), routes, is_exchange))
    return read


def _name(item: _Read) -> str:
    return "the exchange" if item.is_exchange else f"party {item.member.party_id}"


def _check_duplicates(federation: Federation, report: FederationReport) -> None:
    first: dict[int | None, Member] = {}
    for party in federation.parties:
        seen = first.setdefault(party.party_id, party)
        if seen is not party:
            report.add(
                federation.path,
                "error",
                "duplicate-party-id",
                ("parties", party.line),
                f"party {party.party_id} is listed twice (lines {seen.line} and {party.line}); "
                "party ids must be unique in a federation",
            )


def _check_identity(item: _Read, report: FederationReport) -> None:
    """The cluster.yaml must be the member the federation file says it is."""
    member = item.member
    if member.party_id is not None and item.exposure.party_id != member.party_id:
        report.add(
            member.file,
            "error",
            "federation-party-id",
            ("partyId", _line_of(item.text, "partyId")),
            f"partyId is {item.exposure.party_id}, but the federation file lists this file as "
            f"party {member.party_id}; make them agree",
        )
    for key, wanted in (("name", member.cluster), ("namespace", member.namespace)):
        written = _top_value(item.text, key)
        if wanted and written != wanted:
            report.add(
                member.file,
                "error",
                "federation-identity",
                (key, _line_of(item.text, key)),
                f"{key} is {written!r}, but the federation file says {wanted!r}; make them agree",
            )


def _top_value(text: str, key: str) -> str | None:
    match = re.search(rf"^{key}:\s*([^\s#]+)", text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else None


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^{key}:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _check_route(item: _Read, route: Route, target: _Read, report: FederationReport) -> None:
    """One route against the exposure of the member it reaches."""
    who = _name(target)
    exposed = target.exposure.port_for(route.role)
    file = item.member.file
    where = (route.path, route.line)
    if exposed is None:
        report.add(
            file,
            "error",
            "route-target-missing",
            where,
            f"{route.via} routes to {who}'s {route.role}, but {target.member.file} deploys "
            "none: the two files use different engines",
            target.member.file,
        )
        return
    _compare_port(item, route, target, exposed, report)
    if route.tls != exposed.tls:
        said = "with TLS" if route.tls else "without TLS"
        report.add(
            file,
            "error",
            "route-tls",
            where,
            f"{route.via} reaches {who} {said}, but {target.member.file}:{exposed.line} "
            f"{'expects' if exposed.tls else 'does not expect'} TLS on {exposed.path}: the "
            "handshake fails; make both sides agree",
            target.member.file,
        )
    _compare_host(item, route, target, report)


def _compare_port(
    item: _Read, route: Route, target: _Read, exposed: ExposedPort, report: FederationReport
) -> None:
    who = _name(target)
    where = (route.path, route.line)
    if exposed.port is None:
        report.add(
            item.member.file,
            "error",
            "route-unexposed",
            where,
            f"{route.via} routes to {who} on port {route.port}, but {target.member.file}:"
            f"{exposed.line} makes {exposed.path.rsplit('.', 1)[0]} a {exposed.service_type} "
            "Service, which is not reachable from outside its cluster: make it NodePort",
            target.member.file,
        )
    elif route.port != exposed.port:
        report.add(
            item.member.file,
            "error",
            "route-port",
            where,
            f"{route.via} routes to {who} on port {route.port}, but {target.member.file}:"
            f"{exposed.line} exposes it on {exposed.port} ({exposed.path}): jobs would hang "
            f"with no message; write {exposed.port} here or fix {exposed.path} there",
            target.member.file,
        )


def _compare_host(item: _Read, route: Route, target: _Read, report: FederationReport) -> None:
    known = target.exposure.host
    if known is None or PLACEHOLDER.fullmatch(route.host) or route.host == known:
        return
    report.add(
        item.member.file,
        "warning",
        "route-address",
        (route.path, route.host_line),
        f"{route.via} reaches {_name(target)} at {route.host}, but "
        f"{target.member.file} fixes its address to {known} (loadBalancerIP)",
        target.member.file,
    )


def _check_routes(items: list[_Read], federation: Federation, report: FederationReport) -> None:
    by_party = {item.member.party_id: item for item in items if not item.is_exchange}
    exchange = next((item for item in items if item.is_exchange), None)
    for item in items:
        for route in item.routes:
            target = exchange if route.party_id is None else by_party.get(route.party_id)
            if target is None:
                _unknown_target(item, route, report)
            elif target is not item:
                _check_route(item, route, target, report)


def _unknown_target(item: _Read, route: Route, report: FederationReport) -> None:
    what = "an exchange" if route.party_id is None else f"party {route.party_id}"
    report.add(
        item.member.file,
        "warning",
        "route-outside-federation",
        (route.path, route.line),
        f"{route.via} routes to {what}, which the federation file does not list",
    )


def _check_coverage(items: list[_Read], federation: Federation, report: FederationReport) -> None:
    """Every member reaches every party (directly, or through the exchange)."""
    parties = [party.party_id for party in federation.parties if party.party_id is not None]
    for item in items:
        for family in route_families(item.text):
            routes = [r for r in item.routes if r.via.split(".", 1)[0] == family.section]
            if family.has_exchange and any(r.party_id is None for r in routes):
                continue
            reached = {r.party_id for r in routes}
            for party in parties:
                if party == item.member.party_id or party in reached:
                    continue
                report.add(
                    item.member.file,
                    "error",
                    "route-missing",
                    (family.section, family.line),
                    f"{family.section} has no route to party {party}, so {_name(item)} "
                    f"cannot reach it: add party {party} to its route table"
                    + (" or route through the exchange" if family.has_exchange else ""),
                )


def _check_node_ports(items: list[_Read], report: FederationReport) -> None:
    """Members on the same profile share one Kubernetes cluster, so one set of NodePorts."""
    taken: dict[tuple[str | None, int], tuple[Member, str, int]] = {}
    for item in items:
        for use in node_ports_of(item.text):
            key = (item.member.profile, use.port)
            first = taken.setdefault(key, (item.member, use.path, use.line))
            if first[0] is item.member and first[1] == use.path:
                continue
            report.add(
                item.member.file,
                "error",
                "nodeport-collision",
                (use.path, use.line),
                f"NodePort {use.port} is also asked for by {first[0].file}:{first[2]} "
                f"({first[1]}), on the same Kubernetes cluster "
                f"({_profile(item.member)}): the second Service would be rejected",
                first[0].file,
            )


def _profile(member: Member) -> str:
    return f"profile {member.profile}" if member.profile else "the current backend"


def _check_placeholders(item: _Read, report: FederationReport) -> None:
    root, _ = compose(item.text)
    for path, node, _holder in scalars(root, ""):
        if not isinstance(node.value, str):
            continue
        for match in PLACEHOLDER.finditer(node.value):
            report.add(
                item.member.file,
                "warning",
                "placeholder",
                (path, node.line),
                f"{match.group(0)} is still to be filled in: write the address where the other "
                "side reaches that cluster's nodes",
            )


def check_federation(federation: Federation) -> FederationReport:
    """Everything offline about the federation's files; findings in file, then line order."""
    report = FederationReport()
    _check_duplicates(federation, report)
    items = _read(federation, report)
    for item in items:
        for finding in validate_text(item.text):
            report.findings.append(FileFinding(item.member.file, finding))
        _check_identity(item, report)
        _check_placeholders(item, report)
    _check_routes(items, federation, report)
    _check_coverage(items, federation, report)
    _check_node_ports(items, report)
    order = {federation.path: 0} | {m.file: i + 1 for i, m in enumerate(federation.members)}
    report.findings.sort(key=lambda f: (order.get(f.file, 99), f.finding.sort_key()))
    return report


__all__ = [
    "PLACEHOLDER",
    "FederationReport",
    "FileFinding",
    "check_federation",
    "placeholder_for",
]
