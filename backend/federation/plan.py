"""`federation new`: a federation's files, consistent with each other from the start.

Each party's cluster.yaml is a preset edited as a draft (comments kept): its identity, its
NodePorts moved by ten per party so parties on one Kubernetes cluster do not collide, and its
route tables rebuilt so every party reaches every other one, directly or through the exchange.
Which keys hold routes and ports is schema data (`ChartSchema.routes`, `exposed_ports`); the
values come from the reached party's own file. Addresses nobody can know offline (another
organisation's node IP) are written as placeholders that `federation check` reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import yaml

from backend.drafts.cluster_draft import ClusterDraft
from backend.federation.consistency import placeholder_for
from backend.federation.federation_file import Federation, Member
from backend.federation.node_ports import node_ports_of
from backend.federation.routes import Exposure, exposure_of, route_families
from backend.presets.catalog import DEFAULT_PRESET, preset_named
from backend.schema.model import RouteKeys, split_path

PORT_STEP = 10
"""How far each party's NodePorts move from the preset's (party k: +10·k, KubeFATE's habit:
9999 on 30091, 10000 on 30101)."""
NODE_PORT_MAX = 32767


class PlanError(ValueError):
    """A federation that cannot be planned (the message says why)."""


@dataclass(frozen=True)
class FederationPlan:
    """The federation file's model and each member's cluster.yaml text."""

    federation: Federation
    texts: Mapping[Path, str]


@dataclass
class _Planned:
    member: Member
    draft: ClusterDraft
    is_exchange: bool = False

    @cached_property
    def exposure(self) -> Exposure:
        """How the others reach it; read once its ports are final (routing leaves them)."""
        return exposure_of(self.draft.text())

    def sni_domain(self) -> str:
        """The domain of its Pulsar's SNI name (`<party>.<domain>`), as its chart reads it."""
        schema = self.draft.schema
        for spec in schema.routes:
            domain = schema.key(f"{spec.item}.domain")
            if domain is not None:
                return str(self.draft.get(f"{spec.item}.domain") or domain.default)
        return "fate.org"


def exchange_text() -> str:
    """The exchange's cluster.yaml `federation new` starts from (chart fate-exchange)."""
    return files(__package__).joinpath("files", "exchange.yaml").read_text("utf-8")


def _party_ids(ids: Sequence[int]) -> list[int]:
    if not ids:
        raise PlanError("name at least one party id (--parties 9999,10000)")
    for party in ids:
        if not 1 <= party <= 2**31 - 1:
            raise PlanError(f"party id {party} is not a positive whole number up to 2147483647")
    duplicates = sorted({party for party in ids if list(ids).count(party) > 1})
    if duplicates:
        raise PlanError(f"party {duplicates[0]} is named twice; party ids must be unique")
    return list(ids)


def _member(party: int | None, cluster: str, file: Path) -> Member:
    return Member(party, cluster, cluster, None, file)


def _identity(draft: ClusterDraft, member: Member) -> None:
    draft.set("name", member.cluster)
    draft.set("namespace", member.namespace)
    if member.party_id is not None:
        draft.set("partyId", member.party_id)


def _shift_ports(draft: ClusterDraft, step: int) -> None:
    for use in node_ports_of(draft.text()):
        moved = use.port + step
        if moved > NODE_PORT_MAX:
            raise PlanError(f"too many parties: {use.path} would need NodePort {moved}")
        draft.set(use.path, moved)


def _table_of(item: str) -> tuple[str, list[str]]:
    """`nginx.route_table.*.fateflow[]` -> (`nginx.route_table`, [`*`, `fateflow`, `[]`])."""
    segments = split_path(item)
    cut = next(i for i, s in enumerate(segments) if s in ("*", "[]"))
    table = ".".join(segments[:cut])
    return table, segments[cut:]


class _Writer:
    """Rebuilds one member's route tables from the others' exposures."""

    def __init__(self, planned: _Planned, addresses: Mapping[int | None, str]) -> None:
        self.planned = planned
        self.draft = planned.draft
        self.addresses = addresses

    def address(self, target: _Planned) -> str:
        key = None if target.is_exchange else target.member.party_id
        return self.addresses.get(key) or placeholder_for(key)

    def entry(
        self, specs: list[RouteKeys], target: _Planned, exposure: Exposure
    ) -> dict[str, object] | None:
        """One route item to `target`, or None when it does not expose what `specs` name."""
        item: dict[str, object] = {}
        host = self.address(target)
        first = specs[0]
        if first.id_key not in ("*", ""):
            item[first.id_key] = self.party_key(first, target)
        for spec in specs:
            exposed = exposure.port_for(spec.role)
            if exposed is None or exposed.port is None:
                return None
            if spec.port_key:
                item[spec.host_key] = host
                item[spec.port_key] = exposed.port
            else:
                item[spec.host_key] = f"{host}:{exposed.port}"
        return item

    def party_key(self, spec: RouteKeys, target: _Planned) -> object:
        """The party id as the route item writes it: a number, or an SNI name
        `<party>.<domain>` (traffic-server's routes)."""
        party = target.member.party_id
        key = self.draft.schema.key(f"{spec.item}.{spec.id_key}")
        if key is not None and key.rule == "party_id":
            return party
        return f"{party}.{target.sni_domain()}"

    def table(self, specs: list[RouteKeys], targets: list[_Planned]) -> tuple[str, object]:
        """The table's path and value holding a route to each target."""
        table, _ = _table_of(specs[0].item)
        groups: dict[str, list[RouteKeys]] = {}
        for spec in specs:
            groups.setdefault(spec.item, []).append(spec)
        written_roles: set[str] = set()
        value: object = [] if _table_of(specs[0].item)[1][0] == "[]" else {}
        for item_path, group in groups.items():
            roles = {spec.role for spec in group}
            if roles <= written_roles:
                continue  # another list of this table already names those ports
            written_roles |= roles
            for target in targets:
                entry = self.entry(group, target, target.exposure)
                if entry is not None:
                    _place(value, _table_of(item_path)[1], target.member.party_id, entry)
        return table, value

    def own_entry(self, table: str, value: object) -> object:
        own = self.planned.member.party_id
        for spec in self.draft.schema.route_tables:
            if spec.path == table and spec.own_route and isinstance(value, dict):
                return {own: yaml.safe_load(spec.own_route), **value}
        return value

    def direct(self, specs: list[RouteKeys], targets: list[_Planned]) -> None:
        by_table: dict[str, list[RouteKeys]] = {}
        for spec in specs:
            by_table.setdefault(_table_of(spec.item)[0], []).append(spec)
        for table_specs in by_table.values():
            table, value = self.table(table_specs, targets)
            self.draft.set(table, self.own_entry(table, value))

    def through_exchange(self, specs: list[RouteKeys], exchange: _Planned) -> None:
        """Route the family through the exchange: its party tables keep only this party's own
        entry (when the table needs one), and the exchange route names the exchange."""
        for table in dict.fromkeys(_table_of(spec.item)[0] for spec in specs if spec.id_key):
            own = self.own_entry(table, {})
            if own:
                self.draft.set(table, own)
            else:
                self.draft.remove(table)
        exchange_specs = [spec for spec in specs if not spec.id_key]
        entry = self.entry(exchange_specs, exchange, exchange.exposure)
        if entry is not None:
            for key, written in entry.items():
                self.draft.set(f"{exchange_specs[0].item}.{key}", written)


def _place(value: object, rest: list[str], party: int | None, entry: dict[str, object]) -> None:
    """Put `entry` into the table `value` along the pattern `rest` (`*` = the party's key)."""
    head, tail = rest[0], rest[1:]
    if head == "[]" and isinstance(value, list):
        value.append(entry)
    elif head == "*" and isinstance(value, dict):
        if tail:
            _place(value.setdefault(party, {}), tail, party, entry)
        else:
            value[party] = entry
    elif isinstance(value, dict):
        _place(value.setdefault(head, [] if tail[:1] == ["[]"] else {}), tail, party, entry)


def _route(
    planned: _Planned,
    others: list[_Planned],
    exchange: _Planned | None,
    addresses: Mapping[int | None, str],
) -> None:
    writer = _Writer(planned, addresses)
    for family in route_families(planned.draft.text()):
        specs = [
            spec
            for spec in planned.draft.schema.routes
            if spec.via.split(".", 1)[0] == family.section
        ]
        if exchange is not None and family.has_exchange:
            writer.through_exchange(specs, exchange)
        else:
            writer.direct([spec for spec in specs if spec.id_key], others)


def _trim_exchange(exchange: _Planned, parties: list[_Planned]) -> None:
    """Keep the exchange's modules that some party routes to; drop the others' sections."""
    wanted = {route.role for party in parties for route in _exchange_routes(party)}
    keep = [spec.section for spec in exchange.draft.schema.exposed_ports if spec.role in wanted]
    schema = exchange.draft.schema
    modules = [str(m) for m in exchange.draft.get("modules", [])]
    for module in modules:
        spec = schema.module(module)
        section = spec.section if spec is not None and spec.section else module
        if section not in keep:
            exchange.draft.remove(section)
    exchange.draft.set_items("modules", [m for m in modules if m in keep])


def _exchange_routes(party: _Planned) -> list[RouteKeys]:
    families = {
        family.section for family in route_families(party.draft.text()) if family.has_exchange
    }
    return [
        spec
        for spec in party.draft.schema.routes
        if not spec.id_key and spec.via.split(".", 1)[0] in families
    ]


def plan_federation(
    party_ids: Sequence[int],
    folder: Path,
    *,
    preset: str = DEFAULT_PRESET,
    exchange: bool = False,
    name: str | None = None,
    addresses: Mapping[int | None, str] | None = None,
) -> FederationPlan:
    """The files of a federation of `party_ids` (in `folder`, not yet written)."""
    ids = _party_ids(party_ids)
    chosen = preset_named(preset)
    if chosen.chart_name != "fate":
        raise PlanError(
            f"preset {preset} is for chart {chosen.chart_name}; a party needs chart fate"
        )
    parties: list[_Planned] = []
    for index, party in enumerate(ids):
        member = _member(party, f"fate-{party}", folder / f"party-{party}" / "cluster.yaml")
        draft = ClusterDraft.from_text(chosen.text())
        _identity(draft, member)
        _shift_ports(draft, PORT_STEP * index)
        parties.append(_Planned(member, draft))
    hub = _plan_exchange(folder, ids, parties) if exchange else None
    known = dict(addresses or {})
    for planned in parties:
        others = [other for other in parties if other is not planned]
        _route(planned, others, hub, known)
    if hub is not None:
        _route(hub, parties, None, known)
    members = [planned.member for planned in parties]
    federation = Federation(
        name or folder.resolve().name or "federation",
        hub.member if hub is not None else None,
        tuple(members),
        folder,
    )
    everyone = parties + ([hub] if hub is not None else [])
    return FederationPlan(federation, {p.member.file: p.draft.text() for p in everyone})


def _plan_exchange(folder: Path, ids: list[int], parties: list[_Planned]) -> _Planned:
    own = next(candidate for candidate in range(1, len(ids) + 2) if candidate not in ids)
    member = Member(
        own, "fate-exchange", "fate-exchange", None, folder / "exchange" / "cluster.yaml"
    )
    draft = ClusterDraft.from_text(exchange_text())
    _identity(draft, member)
    hub = _Planned(member, draft, is_exchange=True)
    _trim_exchange(hub, parties)
    return hub


__all__ = ["FederationPlan", "PlanError", "exchange_text", "plan_federation"]
