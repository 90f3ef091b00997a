"""What one party's cluster.yaml says about reaching the others, and how it is reached itself.

Which keys hold routes and exposed ports is schema data (`ChartSchema.routes`,
`ChartSchema.exposed_ports` in backend/schema): this module only walks the document along
them (docs/architecture.md, invariant 2). Only sections whose module is deployed count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from backend.schema.catalog import schema_for
from backend.schema.context import as_int
from backend.schema.model import ChartSchema, ExposedPortKeys, RouteKeys, split_path
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, compose

EXPOSED_TYPES = ("NodePort", "LoadBalancer")
"""Service types that open a port outside the Kubernetes cluster."""


@dataclass(frozen=True)
class Route:
    """One route from this party to another (or to the exchange).

    party_id None: the route to the exchange, which stands for every party without a route of
    its own. role: the reached side's port it must name (`ExposedPort.role`)."""

    party_id: int | None
    host: str
    port: int | None
    tls: bool
    via: str
    role: str = ""
    path: str = ""
    """The concrete key of the port (`osx.partyList[0].partyPort`), or of the host."""
    host_path: str = ""
    """The concrete key of the host; the same as `path` when one key holds `host:port`."""
    line: int = 0
    host_line: int = 0


@dataclass(frozen=True)
class ExposedPort:
    """One port this party opens to the outside (or would, were its Service exposed)."""

    role: str
    path: str
    port: int | None
    """None when the Service is not exposed (ClusterIP) or the key is not written."""
    tls: bool
    service_type: str
    line: int = 0


@dataclass(frozen=True)
class Exposure:
    """How this party's gateway is reached from outside: its main gateway's Service type,
    NodePort, fixed address (loadBalancerIP) and TLS; `ports` lists every exposed port."""

    party_id: int | None
    service_type: str
    port: int | None
    host: str | None
    tls: bool
    ports: tuple[ExposedPort, ...] = ()

    def port_for(self, role: str) -> ExposedPort | None:
        """The exposed port of that role (`gateway`, `pulsar-tls`, ...), if this party has it."""
        return next((port for port in self.ports if port.role == role), None)


class RouteDocument:
    """A composed cluster.yaml with its schema and deployed modules."""

    def __init__(self, text: str) -> None:
        root, _ = compose(text)
        self.root = root if isinstance(root, YMap) else YMap(1, 1, "")
        self.schema: ChartSchema | None = schema_for(
            _text(self.root.get("chartName")) or "fate",
            _text(self.root.get("chartVersion")) or "",
        )
        modules = self.root.get("modules")
        self.modules: set[str] | None = (
            {_text(item) or "" for item in modules.items} if isinstance(modules, YSeq) else None
        )

    def deployed(self, path: str) -> bool:
        """Whether the module that reads `path` is in `modules` (no list: all are)."""
        spec = self.schema.key(path) if self.schema is not None else None
        module = spec.module if spec is not None else None
        return module is None or self.modules is None or module in self.modules

    def at(self, path: str) -> YNode | None:
        node: YNode | None = self.root
        for segment in path.split("."):
            node = node.get(segment) if isinstance(node, YMap) else None
        return node

    def flag(self, path: str) -> bool:
        node = self.at(path) if path else None
        return isinstance(node, YScalar) and node.value is True


def _text(node: YNode | None) -> str | None:
    if isinstance(node, YScalar) and node.value is not None:
        return str(node.value)
    return None


def _walk(
    node: YNode | None, segments: list[str], path: str, key: str
) -> Iterator[tuple[str, YMap, str]]:
    """(concrete path, item, the last `*` key) for each item the pattern reaches."""
    if not segments:
        if isinstance(node, YMap):
            yield path, node, key
        return
    head, rest = segments[0], segments[1:]
    if head == "[]" and isinstance(node, YSeq):
        for index, item in enumerate(node.items):
            yield from _walk(item, rest, f"{path}[{index}]", key)
    elif head == "*" and isinstance(node, YMap):
        for name, _key, value in node.entries():
            if name is not None:
                yield from _walk(value, rest, f"{path}.{name}", name)
    elif isinstance(node, YMap) and head not in ("[]", "*"):
        child = node.get(head)
        yield from _walk(child, rest, f"{path}.{head}" if path else head, key)


def _party_of(spec: RouteKeys, item: YMap, map_key: str) -> int | None:
    if not spec.id_key:
        return None
    if spec.id_key == "*":
        return int(map_key) if map_key.isdigit() else None
    node = item.get(spec.id_key)
    if isinstance(node, YScalar) and isinstance(node.value, str) and "." in node.value:
        label = node.value.split(".", 1)[0]  # an SNI name: <party>.<domain>
        return int(label) if label.isdigit() else None
    return as_int(node)


def _route(doc: RouteDocument, spec: RouteKeys, path: str, item: YMap, key: str) -> Route | None:
    party = _party_of(spec, item, key)
    if spec.id_key and party is None:
        return None
    host_node = item.get(spec.host_key)
    host = _text(host_node) or ""
    port_node = item.get(spec.port_key) if spec.port_key else host_node
    port = as_int(port_node) if spec.port_key else None
    if not spec.port_key:
        host, _, written = host.rpartition(":")
        port = int(written) if written.isdigit() else None
    if port_node is None and not host:
        return None
    where = port_node if port_node is not None else item
    return Route(
        party_id=party,
        host=host,
        port=port,
        tls=spec.tls or doc.flag(spec.tls_key),
        via=spec.via,
        role=spec.role,
        path=f"{path}.{spec.port_key or spec.host_key}",
        host_path=f"{path}.{spec.host_key}",
        line=where.line,
        host_line=host_node.line if host_node is not None else where.line,
    )


def routes_of(text: str) -> list[Route]:
    """The routes this party's cluster.yaml writes to other parties and to an exchange, in
    file order per table (its own entry in a route table is not a route to another party)."""
    doc = RouteDocument(text)
    if doc.schema is None:
        return []
    own = as_int(doc.root.get("partyId"))
    routes: list[Route] = []
    for spec in doc.schema.routes:
        if not doc.deployed(spec.item):
            continue
        for path, item, key in _walk(doc.root, split_path(spec.item), "", ""):
            route = _route(doc, spec, path, item, key)
            if route is not None and (route.party_id is None or route.party_id != own):
                routes.append(route)
    return routes


@dataclass(frozen=True)
class RouteFamily:
    """A deployed section that must reach every other party (`osx`, `pulsar`, `nginx`):
    through a route per party, or through its exchange route when it has one."""

    section: str
    line: int
    """Where the section is written (1 when it is not)."""
    has_exchange: bool
    """Whether the chart lets this section route through an exchange."""


def route_families(text: str) -> list[RouteFamily]:
    """The sections of this cluster.yaml that route to other parties, as the schema lists them."""
    doc = RouteDocument(text)
    if doc.schema is None:
        return []
    families: dict[str, RouteFamily] = {}
    for spec in doc.schema.routes:
        section = spec.via.split(".", 1)[0]
        if not doc.deployed(spec.item) or section in families:
            continue
        node = doc.at(section)
        has_exchange = any(
            not other.id_key and other.via.startswith(f"{section}.") for other in doc.schema.routes
        )
        families[section] = RouteFamily(section, node.line if node else 1, has_exchange)
    return list(families.values())


def _exposed(doc: RouteDocument, spec: ExposedPortKeys) -> ExposedPort:
    section = doc.at(spec.section)
    type_node = section.get("type") if isinstance(section, YMap) else None
    type_spec = doc.schema.key(f"{spec.section}.type") if doc.schema is not None else None
    default = str(type_spec.default) if type_spec is not None and type_spec.default else ""
    service_type = _text(type_node) or default or "ClusterIP"
    port_node = section.get(spec.port_key) if isinstance(section, YMap) else None
    port = as_int(port_node) if service_type in EXPOSED_TYPES else None
    where = port_node or type_node or section
    return ExposedPort(
        role=spec.role,
        path=f"{spec.section}.{spec.port_key}",
        port=port,
        tls=spec.tls or doc.flag(spec.tls_key),
        service_type=service_type,
        line=where.line if where is not None else 0,
    )


def exposure_of(text: str) -> Exposure:
    """How this party (or exchange) is reached from outside, read from its cluster.yaml."""
    doc = RouteDocument(text)
    party = as_int(doc.root.get("partyId"))
    specs = doc.schema.exposed_ports if doc.schema is not None else ()
    ports = tuple(
        _exposed(doc, spec)
        for spec in specs
        if doc.deployed(f"{spec.section}.{spec.port_key}") and doc.at(spec.section) is not None
    )
    if not ports:
        return Exposure(party, "ClusterIP", None, None, False, ())
    main = ports[0]
    section = main.path.rsplit(".", 1)[0]
    return Exposure(
        party_id=party,
        service_type=main.service_type,
        port=main.port,
        host=_text(doc.at(f"{section}.loadBalancerIP")) or None,
        tls=main.tls,
        ports=ports,
    )


__all__ = [
    "EXPOSED_TYPES",
    "ExposedPort",
    "Exposure",
    "Route",
    "RouteFamily",
    "exposure_of",
    "route_families",
    "routes_of",
]
