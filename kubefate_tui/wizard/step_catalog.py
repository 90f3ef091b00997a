"""What each wizard step shows, made from the schema and the draft (no Textual here).

Every key the chart line reads has a place: a step is chosen from what the key is (its name,
its module, the schema's engine, persistence and route-table data), never from a key list of
our own (docs/architecture.md, invariant 2). Only keys of the modules being deployed are shown,
so a step with nothing to ask (route tables under Eggroll, say) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backend.drafts.cluster_draft import ClusterDraft
from backend.schema.model import ChartSchema, KeySpec, SchemaNode


@dataclass(frozen=True, slots=True)
class Step:
    """One screen of the wizard."""

    id: str
    title: str
    purpose: str


STEPS = (
    Step("basics", "Basics", "Name, namespace, party id and the chart to deploy."),
    Step("engines", "Engines", "Computing, federation and storage engines; algorithm and device."),
    Step("modules", "Modules", "The components to deploy; the engines decide some of them."),
    Step("network", "Network", "How this party is reached, and how it reaches others."),
    Step("persistence", "Persistence", "Where data is kept: volumes, storage classes, sizes."),
    Step("images", "Images", "Registry, pull policy, pull secrets and per-module image tags."),
    Step("resources", "Resources", "Requests, limits, GPUs, replicas, node placement."),
    Step("ingress", "Ingress", "Host names of the web UIs, the ingress class and TLS."),
    Step("settings", "Module settings", "Everything else the chart reads, per module."),
    Step("review", "Review", "The document, its findings, what will be deployed; save or install."),
)
STEP_IDS = tuple(step.id for step in STEPS)

_BASICS = ("name", "namespace", "partyId", "chartName", "chartVersion")
_ENGINE_EXTRAS = ("algorithm", "device")
_IMAGES = frozenset({"image", "imageTag"})
_IMAGE_GLOBALS = ("registry", "pullPolicy", "imagePullSecrets")
_STORAGE = frozenset(
    {
        "storageClass",
        "storageClassName",
        "size",
        "accessMode",
        "existingClaim",
        "subPath",
        "claimName",
    }
)
_SCHEDULING = frozenset({"resources", "nodeSelector", "tolerations", "affinity", "replicas"})
_EXPOSURE = frozenset({"type", "loadBalancerIP"})


@dataclass(frozen=True, slots=True)
class Field:
    """One value to edit: `path` is concrete (`osx.partyList[1].partyId`)."""

    path: str
    spec: KeySpec
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Heading:
    """A group title: a module, a list, an item of a list or a route-table entry."""

    path: str
    text: str
    help: str = ""
    depth: int = 0
    removable: bool = False
    """True for an item or entry the user may remove (the path names it)."""


@dataclass(frozen=True, slots=True)
class AddItem:
    """Add an item to the list at `path`, or (`keyed`) an entry to the map at `path`."""

    path: str
    text: str
    keyed: bool = False
    first_key: str = ""
    """The first key an item is created with (so it is a map at once)."""
    depth: int = 0


Entry = Field | Heading | AddItem


def active_modules(draft: ClusterDraft) -> frozenset[str]:
    """The modules the draft deploys."""
    return frozenset(str(name) for name in draft.get("modules") or [] if name is not None)


def step_of(path: str, spec: KeySpec, schema: ChartSchema) -> str:
    """The step a key belongs to (its pattern path, e.g. `osx.partyList`)."""
    top = path.split(".", 1)[0]
    name = spec.name
    if path in _BASICS:
        return "basics"
    if schema.engine(path) is not None or path in _ENGINE_EXTRAS:
        return "engines"
    if path == "modules":
        return "modules"
    if path in _IMAGE_GLOBALS or name in _IMAGES:
        return "images"
    if path == "persistence" or (spec.module and name in _STORAGE):
        return "persistence"
    if spec.module and name in _SCHEDULING:
        return "resources"
    if top in ("ingress", "ingressClassName", "istio"):
        return "ingress"
    if name in _EXPOSURE or spec.rule == "node_port" or top in _network_sections(schema):
        return "network"
    return "settings"


def _network_sections(schema: ChartSchema) -> frozenset[str]:
    """Sections that hold a party list or a route table: the gateways."""
    paths = [spec.path for spec in schema.party_lists] + [spec.path for spec in schema.route_tables]
    return frozenset(path.split(".", 1)[0] for path in paths)


def step_entries(draft: ClusterDraft, step_id: str) -> list[Entry]:
    """What step `step_id` shows for the draft as it is now, in the schema's order."""
    schema = draft.schema
    modules = active_modules(draft)
    entries: list[Entry] = []
    last_module: str | None = None
    for key, node in schema.root.children.items():
        for path, child, depth in _leaves(key, node):
            spec = child.spec
            if spec is None or spec.ignored or step_of(_pattern(path), spec, schema) != step_id:
                continue
            if spec.module is not None and spec.module not in modules:
                continue
            if spec.module != last_module and spec.module is not None:
                module = schema.module(spec.module)
                entries.append(Heading("", spec.module, module.help if module else ""))
            last_module = spec.module
            entries.extend(_expand(draft, path, child, depth))
    return entries


def applies(draft: ClusterDraft, step_id: str) -> bool:
    """Whether the step has anything to show (review and modules always do)."""
    if step_id in ("review", "modules", "basics", "engines"):
        return step_id != "engines" or bool(draft.schema.engines)
    return any(isinstance(entry, (Field, AddItem)) for entry in step_entries(draft, step_id))


def _pattern(path: str) -> str:
    return path


def _leaves(path: str, node: SchemaNode, depth: int = 0) -> Iterator[tuple[str, SchemaNode, int]]:
    """The schema nodes to edit under `path`: plain maps are opened, everything else (values,
    open maps, lists, keyed maps) is one place to edit."""
    if node.children and node.item is None and node.wildcard is None and not node.open:
        for key, child in node.children.items():
            yield from _leaves(f"{path}.{key}", child, depth)
        return
    yield path, node, depth


def _expand(draft: ClusterDraft, path: str, node: SchemaNode, depth: int) -> Iterator[Entry]:
    """The entries of one place: a field, or a list/keyed map with its items' fields."""
    spec = node.spec
    assert spec is not None
    value = draft.get(path)
    if node.item is not None and node.item.children and not node.open:
        yield Heading(path, spec.name, spec.help, depth)
        items = value if isinstance(value, list) else []
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            yield Heading(item_path, f"{spec.name}[{index}]", "", depth + 1, removable=True)
            yield from _children(draft, item_path, node.item, item, depth + 2)
        first = next(iter(node.item.children), "")
        yield AddItem(path, f"add to {spec.name}", first_key=first, depth=depth + 1)
    elif node.wildcard is not None and not node.open:
        yield Heading(path, spec.name, spec.help, depth)
        entries = value if isinstance(value, dict) else {}
        for key, entry in entries.items():
            entry_path = f"{path}.{key}"
            yield Heading(entry_path, f"{spec.name} {key}", "", depth + 1, removable=True)
            yield from _children(draft, entry_path, node.wildcard, entry, depth + 2)
        yield AddItem(path, f"add to {spec.name}", keyed=True, depth=depth + 1)
    else:
        yield Field(path, spec, depth)


def _children(
    draft: ClusterDraft, path: str, node: SchemaNode, value: Any, depth: int
) -> Iterator[Entry]:
    for key, child in node.children.items():
        for leaf_path, leaf, _ in _leaves(f"{path}.{key}", child):
            if leaf.spec is not None and not leaf.spec.ignored:
                yield from _expand(draft, leaf_path, leaf, depth)


def step_for_path(draft: ClusterDraft, path: str) -> str:
    """The step showing `path` (a finding's path), for jumping there; `review` if none does."""
    for step in STEP_IDS[:-1]:
        for entry in step_entries(draft, step):
            if isinstance(entry, (Field, Heading, AddItem)) and _covers(entry.path, path):
                return step
    top = path.split(".", 1)[0].split("[", 1)[0]
    return "modules" if top == "modules" else "review"


def _covers(owner: str, path: str) -> bool:
    return path == owner or path.startswith((owner + ".", owner + "["))
