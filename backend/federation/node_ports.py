"""The NodePorts a cluster.yaml opens on its Kubernetes cluster's nodes: two parties deployed
through the same profile (the same Kubernetes cluster) must not ask for the same one.

Which keys are NodePorts is the schema's `node_port` rule (docs/architecture.md, invariant 2);
a port counts only when its module is deployed and its Service is NodePort or LoadBalancer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from backend.federation.routes import EXPOSED_TYPES, RouteDocument
from backend.schema.context import as_int
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq


@dataclass(frozen=True)
class NodePortUse:
    """One NodePort a document asks for: the key (`osx.nodePort`), the port, its line."""

    path: str
    port: int
    line: int


def scalars(node: YNode | None, path: str) -> Iterator[tuple[str, YScalar, YMap | None]]:
    """(concrete path, scalar, the map holding it) for every scalar under `node`."""
    if isinstance(node, YMap):
        for name, _key, value in node.entries():
            if name is None:
                continue
            child = f"{path}.{name}" if path else name
            if isinstance(value, YScalar):
                yield child, value, node
            else:
                yield from scalars(value, child)
    elif isinstance(node, YSeq):
        for index, item in enumerate(node.items):
            yield from scalars(item, f"{path}[{index}]")


def _service_type(doc: RouteDocument, holder: YMap | None, path: str) -> str:
    written = holder.get("type") if holder is not None else None
    if isinstance(written, YScalar) and isinstance(written.value, str):
        return written.value
    section = path.rsplit(".", 1)[0]
    spec = doc.schema.resolve(f"{section}.type") if doc.schema is not None else None
    return str(spec.default) if spec is not None and spec.default else "ClusterIP"


def node_ports_of(text: str) -> list[NodePortUse]:
    """The NodePorts this cluster.yaml opens, in file order."""
    doc = RouteDocument(text)
    if doc.schema is None:
        return []
    uses: list[NodePortUse] = []
    for path, node, holder in scalars(doc.root, ""):
        spec = doc.schema.resolve(path)
        if spec is None or spec.rule != "node_port" or spec.ignored or not doc.deployed(spec.path):
            continue
        port = as_int(node)
        if port is not None and _service_type(doc, holder, path) in EXPOSED_TYPES:
            uses.append(NodePortUse(path, port, node.line))
    return uses


__all__ = ["NodePortUse", "node_ports_of", "scalars"]
