"""The vocabulary of the cluster.yaml schema: keys, modules, engines, a chart line's schema.

Everything here is plain immutable data. The chart lines themselves are written out in
`fate_charts.py` and `other_charts.py`; the validator, the wizard and the REST server read
them through `ChartSchema`'s methods and never hard-code a key.

Key paths are dotted, with two wildcards:

* `[]` after a segment means "every item of this list": `osx.partyList[].partyPort`;
* `*` as a segment means "any key of this map": `nginx.route_table.*.proxy[].host`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

ValueType = Literal["string", "int", "bool", "number", "map", "list", "any"]
"""The YAML type a key takes. `any` is free-form (nothing is checked inside)."""

DefaultSource = Literal["template", "chart"]
"""Where a default comes from: the chart's values-template (applies when the enclosing section is
written) or the chart's values.yaml (applies when the template leaves the key out)."""

ValueRule = Literal[
    "node_port",  # a Kubernetes NodePort: 30000-32767
    "port",  # a TCP port: 1-65535
    "party_id",  # a FATE party id: 1..2**31-1
    "party_key",  # a route-table key: a party id, or `default`
    "replicas",  # an integer >= 0
    "count",  # an integer >= 1
    "quantity",  # a Kubernetes resource quantity, e.g. 1Gi
    "dns_label",  # a DNS-1123 label (namespace), max 63
    "release_name",  # a Helm release name: DNS-1123 label, max 53
    "dns_subdomain",  # a Kubernetes object name (storage class, PVC, service account)
    "host_port",  # `host:port`
    "registry",  # an image registry prefix (checked per chart line)
]

NamedObject = Literal["storage class", "ingress class", "pull secret"]
"""A Kubernetes object a key's value names, which the cluster must already have for the chart
to work (pre-flight looks for it: backend/schema/cluster_needs.py)."""
MadeObject = Literal["Ingress"]
"""A Kubernetes object the chart makes when a key is written with a non-empty value."""

Severity = Literal["error", "warning"]
WorkloadKind = Literal["Deployment", "StatefulSet"]
RegistryStyle = Literal["prefix", "repository"]
"""`prefix`: the registry is glued verbatim in front of the image name (fate v2: give a trailing
`/`). `repository`: the chart writes `<registry>/<name>` (fate v1.x, serving, exchange: no
trailing `/`)."""


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One key of cluster.yaml, as a chart line reads it."""

    path: str
    type: ValueType
    help: str
    default: object = None
    default_source: DefaultSource | None = None
    allowed: tuple[str, ...] = ()
    module: str | None = None
    rule: ValueRule | None = None
    required: bool = False
    open: bool = False
    """True for free-form maps/lists (resources, nodeSelector, confs...): keys inside that the
    schema does not list are accepted without a warning. Listed children are still checked."""
    ignored: bool = False
    """True for keys that appear in KubeFATE's examples but that the chart does not read."""
    names: NamedObject | None = None
    """The kind of existing Kubernetes object the value names (a storage class, ...)."""
    makes: MadeObject | None = None
    """The object the chart makes when this key is written non-empty (`ingress.<ui>.hosts`)."""

    @property
    def name(self) -> str:
        """The last segment of the path (`partyPort` for `osx.partyList[].partyPort`)."""
        last = self.path.rsplit(".", 1)[-1]
        return last[:-2] if last.endswith("[]") else last


class Workload(NamedTuple):
    """A Kubernetes workload a module creates; KubeFATE names sub-jobs after these."""

    kind: WorkloadKind
    name: str


class ModuleSpec(NamedTuple):
    """An entry of the `modules:` list."""

    name: str
    help: str
    workloads: tuple[Workload, ...] = ()
    section: str | None = None
    """The top-level section holding the module's settings (usually the module's name)."""


class EngineSpec(NamedTuple):
    """One of `computing`, `federation`, `storage`: its values and the modules each value needs."""

    key: str
    allowed: tuple[str, ...]
    default: str
    needs: tuple[tuple[str, tuple[str, ...]], ...]
    """(value, modules that value needs)."""

    def modules_for(self, value: str) -> tuple[str, ...]:
        for candidate, modules in self.needs:
            if candidate == value:
                return modules
        return ()


class EngineCombination(NamedTuple):
    """A (computing, federation, storage) combination the chart line knows about.

    `severity` None: a supported, documented combination. `warning`: works but is not one the
    chart documents. `error`: a combination people try that cannot work. `note` says why. Any
    combination not listed is an error too.
    """

    computing: str
    federation: str
    storage: str
    severity: Severity | None = None
    note: str = ""


class ModuleEngine(NamedTuple):
    """A module that only makes sense when engine `key` is one of `values`."""

    module: str
    key: str
    values: tuple[str, ...]


class LegacyAlias(NamedTuple):
    """A name from another chart line, and what to write instead.

    kind `module`: an entry of `modules`; `section`: a top-level section (its keys are checked as
    the replacement's keys); `value`: the value `old` of key `key`.
    """

    kind: Literal["module", "section", "value"]
    old: str
    new: str
    severity: Severity
    message: str
    key: str = ""
    code: str = "chart-layout"


class PersistenceSpec(NamedTuple):
    """A place that gets a PersistentVolumeClaim when `persistence: true`."""

    module: str
    path: str
    """The section holding storageClass/existingClaim (`python`, `hdfs.namenode`)."""
    template_class: str | None
    """storageClass the values-template uses when the section is written without one."""
    chart_class: str | None = None
    """storageClass of the chart's values.yaml (used when the section is absent)."""


class PartyListSpec(NamedTuple):
    """A list of parties whose ids must be unique (`osx.partyList`, `lbrollsite.exchangeList`)."""

    path: str
    id_key: str
    own_party_is_suspicious: bool = True


class RouteTableSpec(NamedTuple):
    """A map keyed by party id (`pulsar.route_table`); `shape` documents one entry."""

    path: str
    shape: str
    own_route: str = ""
    """This party's own entry, as the table needs it once it lists any party (FATE-Flow looks
    its own party up there to reach its own broker); "" when the table needs none."""


class RouteKeys(NamedTuple):
    """Where a chart line writes how to reach another party (or the exchange), and which of
    the reached side's exposed ports (`ExposedPortKeys.role`) the route must agree with.

    Read by backend/federation/routes.py; the keys themselves are declared with the chart
    line's other keys (docs/architecture.md, invariant 2).
    """

    via: str
    """The table as written: `osx.partyList`, `pulsar.route_table`, `osx.exchange`."""
    item: str
    """Path pattern of one route: `osx.partyList[]`, `pulsar.route_table.*`,
    `nginx.route_table.*.fateflow[]`, `osx.exchange`."""
    id_key: str
    """Key of the party id inside `item`; `*` when the map key is the party id; `` for a route
    to the exchange (it stands for every party without a route of its own)."""
    host_key: str
    port_key: str
    """`` when `host_key` holds `host:port` (traffic-server's `tunnelRoute`)."""
    role: str
    """The reached side's port this route must name (`gateway`, `pulsar`, `pulsar-tls`, ...)."""
    tls_key: str = ""
    """A bool key (absolute path) that must be the same on both sides (`osx.enableTLS`)."""
    tls: bool = False
    """The port named is always a TLS one (Pulsar's sslPort, traffic-server's tunnels)."""


class ExposedPortKeys(NamedTuple):
    """A port by which other parties reach this one from outside its Kubernetes cluster."""

    section: str
    """The Service's section (`osx`); its `type` and `loadBalancerIP` say how it is exposed."""
    port_key: str
    """The NodePort key inside `section` (`nodePort`, `httpsNodePort`)."""
    role: str
    tls: bool = False
    """The port always speaks TLS (Pulsar's sslPort)."""
    tls_key: str = ""
    """A bool key (absolute path) that turns TLS on for this port (`osx.enableTLS`)."""


class RequiredChildren(NamedTuple):
    """When the map at `path` is written, each of `children` must be a map too."""

    path: str
    children: tuple[str, ...]
    reason: str


class SchemaNode:
    """A node of the key trie: the spec for a path and its children."""

    __slots__ = ("children", "item", "spec", "wildcard")

    def __init__(self) -> None:
        self.spec: KeySpec | None = None
        self.children: dict[str, SchemaNode] = {}
        self.wildcard: SchemaNode | None = None
        self.item: SchemaNode | None = None

    @property
    def open(self) -> bool:
        return self.spec is not None and (self.spec.open or self.spec.type == "any")

    def child(self, key: str) -> SchemaNode | None:
        found = self.children.get(key)
        return found if found is not None else self.wildcard

    def has_structure(self) -> bool:
        return bool(self.children) or self.wildcard is not None or self.item is not None


def split_path(path: str) -> list[str]:
    """`a.b[].c` -> `["a", "b", "[]", "c"]`."""
    segments: list[str] = []
    for part in path.split("."):
        depth = 0
        while part.endswith("[]"):
            part = part[:-2]
            depth += 1
        if part:
            segments.append(part)
        segments.extend(["[]"] * depth)
    return segments


def _build_trie(keys: Iterable[KeySpec]) -> SchemaNode:
    root = SchemaNode()
    for spec in keys:
        node = root
        for segment in split_path(spec.path):
            if segment == "[]":
                if node.item is None:
                    node.item = SchemaNode()
                node = node.item
            elif segment == "*":
                if node.wildcard is None:
                    node.wildcard = SchemaNode()
                node = node.wildcard
            else:
                nxt = node.children.get(segment)
                if nxt is None:
                    nxt = node.children[segment] = SchemaNode()
                node = nxt
        node.spec = spec
    return root


@dataclass(frozen=True)
class ChartSchema:
    """Everything one chart line reads from cluster.yaml, as data."""

    chart_name: str
    line: str
    """A short id of the line: `fate-v2`, `fate-v1`, `fate-serving`, ..."""
    title: str
    """Human name, e.g. `fate chart v2.x`."""
    keys: tuple[KeySpec, ...]
    modules: tuple[ModuleSpec, ...] = ()
    engines: tuple[EngineSpec, ...] = ()
    combinations: tuple[EngineCombination, ...] = ()
    module_engines: tuple[ModuleEngine, ...] = ()
    required_modules: tuple[str, ...] = ()
    recommended_modules: tuple[str, ...] = ()
    legacy: tuple[LegacyAlias, ...] = ()
    party_lists: tuple[PartyListSpec, ...] = ()
    route_tables: tuple[RouteTableSpec, ...] = ()
    routes: tuple[RouteKeys, ...] = ()
    """How this chart line reaches other parties (federation routes)."""
    exposed_ports: tuple[ExposedPortKeys, ...] = ()
    """How other parties reach this chart line's gateways, first the main one."""
    persistence: tuple[PersistenceSpec, ...] = ()
    required_children: tuple[RequiredChildren, ...] = ()
    registry_style: RegistryStyle | None = None
    checks_modules: bool = False
    """Whether the module/engine rules (docs/kubefate-behaviour.md §5.8) apply: only `fate`."""
    open_root: bool = False
    """True when top-level keys the schema does not list are accepted (unknown charts)."""
    _index: dict[str, KeySpec] = field(init=False, repr=False, compare=False)
    _trie: SchemaNode = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {spec.path: spec for spec in self.keys})
        object.__setattr__(self, "_trie", _build_trie(self.keys))

    # --- keys -------------------------------------------------------------------------------

    @property
    def root(self) -> SchemaNode:
        """The key trie's root (top-level keys are its children)."""
        return self._trie

    def key(self, path: str) -> KeySpec | None:
        """The spec declared under exactly this pattern path (`osx.partyList[].partyId`)."""
        return self._index.get(path)

    def resolve(self, path: str) -> KeySpec | None:
        """The spec for a concrete path such as `osx.partyList[0].partyId` or
        `pulsar.route_table.10000.host` (indexes and map keys are matched by the wildcards)."""
        node: SchemaNode | None = self._trie
        for raw in path.split("."):
            if node is None:
                return None
            name, _, rest = raw.partition("[")
            if name:
                node = node.child(name)
            while rest and node is not None:
                node = node.item
                _, _, rest = rest.partition("[")
        return node.spec if node is not None else None

    def keys_for_module(self, module: str | None) -> tuple[KeySpec, ...]:
        """The keys belonging to `module` (None: the global keys)."""
        return tuple(spec for spec in self.keys if spec.module == module)

    # --- modules and engines ----------------------------------------------------------------

    @property
    def module_names(self) -> tuple[str, ...]:
        return tuple(module.name for module in self.modules)

    def module(self, name: str) -> ModuleSpec | None:
        for module in self.modules:
            if module.name == name:
                return module
        return None

    def engine(self, key: str) -> EngineSpec | None:
        for engine in self.engines:
            if engine.key == key:
                return engine
        return None

    def combination(
        self, computing: str, federation: str, storage: str
    ) -> EngineCombination | None:
        """The listed combination (check its severity), or None when it is not listed."""
        for combo in self.combinations:
            if (combo.computing, combo.federation, combo.storage) == (
                computing,
                federation,
                storage,
            ):
                return combo
        return None

    def modules_needed(self, computing: str, federation: str, storage: str) -> tuple[str, ...]:
        """The modules an engine choice needs, in a stable order."""
        needed: list[str] = []
        for key, value in (
            ("computing", computing),
            ("federation", federation),
            ("storage", storage),
        ):
            engine = self.engine(key)
            if engine is None:
                continue
            for module in engine.modules_for(value):
                if module not in needed:
                    needed.append(module)
        return tuple(needed)

    def legacy_aliases(self, kind: str) -> Iterator[LegacyAlias]:
        return (alias for alias in self.legacy if alias.kind == kind)

    def workload_names(self) -> dict[str, tuple[Workload, ...]]:
        """module name -> the workloads it creates."""
        return {module.name: module.workloads for module in self.modules}
