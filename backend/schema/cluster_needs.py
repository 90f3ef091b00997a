"""What a cluster.yaml needs the Kubernetes cluster to have before it is installed: storage
classes for its volume claims, an ingress class for its Ingresses, free NodePorts, pull secrets.

Read with the schema (docs/architecture.md, invariant 2): the keys come from the chart line's
`KeySpec`s (`names`, `makes`, the `node_port` rule) and its `PersistenceSpec`s, never from a
list here. Only what the chart will really use counts: a module that is not enabled asks for
nothing, a NodePort under a ClusterIP service is not opened, a class under `existingClaim` is
not used. Pre-flight (backend/embedded/preflight.py) then asks Kubernetes about each need.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from backend.schema.catalog import pick_line
from backend.schema.context import Context, as_int, text_value
from backend.schema.model import KeySpec, NamedObject, split_path
from backend.schema.rules_storage import claim_requests
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, child_path, compose, item_path

# Kubernetes allocates a node port for these Service types (a fact of Kubernetes, not a key).
_NODE_PORT_TYPES = ("NodePort", "LoadBalancer")


@dataclass(frozen=True, slots=True)
class Need:
    """An object the cluster must have: what kind, its name, and the key that asks for it."""

    kind: NamedObject
    name: str
    """The object's name; for a storage class, "" is the cluster's default class."""
    path: str

    @property
    def label(self) -> str:
        """What pre-flight calls the check: `storage class fast`, `default storage class`."""
        return f"{self.kind} {self.name}" if self.name else f"default {self.kind}"


@dataclass(frozen=True, slots=True)
class NodePortNeed:
    port: int
    path: str

    @property
    def label(self) -> str:
        return f"NodePort {self.port}"


@dataclass(frozen=True, slots=True)
class ClusterNeeds:
    """Everything the document asks of the cluster, each in the schema's key order."""

    storage_classes: tuple[Need, ...] = ()
    ingress_classes: tuple[Need, ...] = ()
    node_ports: tuple[NodePortNeed, ...] = ()
    pull_secrets: tuple[Need, ...] = ()

    def labels(self) -> list[str]:
        """Each thing to check once, in pre-flight's order (several keys may ask for one)."""
        needs: list[Need | NodePortNeed] = [
            *self.storage_classes,
            *self.ingress_classes,
            *self.node_ports,
            *self.pull_secrets,
        ]
        return list(dict.fromkeys(need.label for need in needs))


def cluster_needs(text: str, chart_name: str, chart_version: str) -> ClusterNeeds:
    """What `text` (a cluster.yaml) needs under chart `chart_name` `chart_version`; nothing
    when the text is not a map of keys or no schema knows the chart."""
    schema = pick_line(chart_name, chart_version).schema
    if schema is None:
        return ClusterNeeds()
    root, _ = compose(text)
    if not isinstance(root, YMap):
        return ClusterNeeds()
    ctx = Context(text, root, schema, {})
    return ClusterNeeds(
        storage_classes=tuple(_storage_classes(ctx)),
        ingress_classes=tuple(_ingress_classes(ctx)),
        node_ports=tuple(_node_ports(ctx)),
        pull_secrets=tuple(_named(ctx, "pull secret")),
    )


def _storage_classes(ctx: Context) -> Iterator[Need]:
    for request in claim_requests(ctx):
        storage_class = request.storage_class
        if storage_class is not None:
            yield Need("storage class", storage_class, f"{request.path}.storageClass")


def _ingress_classes(ctx: Context) -> Iterator[Need]:
    """The ingress class, when the chart makes at least one Ingress: written, or the schema's
    default (none: the cluster's default class decides, which is not a need)."""
    makers = (spec for spec in _enabled(ctx) if spec.makes == "Ingress")
    if not any(next(_written(ctx, spec), None) for spec in makers):
        return
    for spec in _enabled(ctx):
        if spec.names != "ingress class":
            continue
        written = list(_written(ctx, spec))
        if written:
            yield from (Need("ingress class", name, path) for path, name in _texts(written))
        elif isinstance(spec.default, str) and spec.default:
            yield Need("ingress class", spec.default, spec.path)


def _node_ports(ctx: Context) -> Iterator[NodePortNeed]:
    for spec in _enabled(ctx):
        if spec.rule != "node_port":
            continue
        for path, node in _written(ctx, spec):
            port = as_int(node)
            if port is not None and _service_opens_node_ports(ctx, spec, path):
                yield NodePortNeed(port, path)


def _service_opens_node_ports(ctx: Context, spec: KeySpec, path: str) -> bool:
    """Whether the Service a node-port key belongs to gets node ports: its sibling key whose
    allowed values are Service types says so (written, else its default); a section without
    such a key always does."""
    parent_pattern = spec.path.rpartition(".")[0]
    parent = path.rpartition(".")[0]
    for sibling in ctx.schema.keys:
        if sibling.path.rpartition(".")[0] != parent_pattern or "NodePort" not in sibling.allowed:
            continue
        _, node = ctx.node_at(child_path(parent, sibling.name))
        written = text_value(node)
        chosen = written if written is not None else sibling.default
        return chosen in _NODE_PORT_TYPES
    return True


def _named(ctx: Context, kind: NamedObject) -> Iterator[Need]:
    for spec in _enabled(ctx):
        if spec.names == kind:
            for path, name in _texts(_written(ctx, spec)):
                yield Need(kind, name, path)


def _texts(found: Iterable[tuple[str, YNode]]) -> Iterator[tuple[str, str]]:
    for path, node in found:
        text = text_value(node)
        if text is not None and text.strip():
            yield path, text.strip()


def _enabled(ctx: Context) -> Iterator[KeySpec]:
    """The schema's keys whose module is enabled (global keys always; every key when `modules`
    cannot be read, as the chart then uses its own default list)."""
    modules = ctx.module_set()
    for spec in ctx.schema.keys:
        if spec.module is None or modules is None or spec.module in modules:
            yield spec


def _written(ctx: Context, spec: KeySpec) -> Iterator[tuple[str, YNode]]:
    """(concrete path, value) of every place the document writes `spec`'s key with a value:
    list items and map wildcards expanded, a legacy section read as its replacement."""
    for start in ctx.section_paths(spec.path):
        yield from _walk(ctx.root, split_path(start), "")


def _walk(node: YNode | None, segments: list[str], path: str) -> Iterator[tuple[str, YNode]]:
    if node is None:
        return
    if not segments:
        if _has_value(node):
            yield path, node
        return
    head, rest = segments[0], segments[1:]
    if head == "[]":
        if isinstance(node, YSeq):
            for index, item in enumerate(node.items):
                yield from _walk(item, rest, item_path(path, index))
    elif isinstance(node, YMap):
        if head == "*":
            for key, _, value in node.unique_entries():
                yield from _walk(value, rest, child_path(path, key))
        else:
            yield from _walk(node.get(head), rest, child_path(path, head))


def _has_value(node: YNode) -> bool:
    if isinstance(node, YScalar):
        return node.value not in (None, "")
    if isinstance(node, YSeq):
        return bool(node.items)
    return isinstance(node, YMap) and bool(node.pairs)
