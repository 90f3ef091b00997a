"""Field ownership, as server-side apply keeps it in `metadata.managedFields`.

Every write records which field manager set which fields: an apply (`application/apply-patch`)
owns exactly the fields it sent, as operation `Apply`; a create, update or patch owns the fields
it changed, as operation `Update`, taking them from whoever had them. An apply that would change
a field another manager owns is refused with a 409 naming the manager and the field, unless it
is forced (`force=true`), which takes the field over. Fields an applier stops sending are
removed, unless another manager still owns them. That is what makes a `kubectl edit` collide
with Helm's next upgrade on a real API server.

Approximations, kept small: a field is a path of `f:<key>` steps (fieldsV1's notation); a list
whose items all carry `name` (or `mountPath`, `containerPort`, `port`, `type`) is keyed by it,
`k:{"name":"x"}`, as the API's list-map types mostly are; any other list is one atomic value.
Identity metadata and `status` are never owned.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Obj = dict[str, Any]
Path = tuple[str, ...]
Owners = dict[tuple[str, str], set[Path]]  # (manager, operation) -> owned leaf paths

APPLY, UPDATE = "Apply", "Update"
_LIST_KEYS = ("name", "mountPath", "containerPort", "port", "type")
_OWNED_METADATA = ("labels", "annotations", "ownerReferences", "finalizers")
_UNOWNED = ("apiVersion", "kind", "metadata", "status")


@dataclass(frozen=True, slots=True)
class Conflict:
    manager: str
    api_version: str
    path: Path


class ApplyConflicts(Exception):
    """An apply would change fields other managers own."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(conflict_message(conflicts))
        self.conflicts = conflicts


# ----- paths -----------------------------------------------------------------------------


def _list_key(items: list[Any]) -> str | None:
    for key in _LIST_KEYS:
        if items and all(isinstance(item, dict) and key in item for item in items):
            return key
    return None


def _item_step(key: str, item: Obj) -> str:
    return "k:" + json.dumps({key: item[key]}, separators=(",", ":"))


def _walk(value: Any, prefix: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _walk(item, (*prefix, f"f:{key}"))
    elif isinstance(value, list) and (key := _list_key(value)) is not None:
        for item in value:
            yield from _walk(item, (*prefix, _item_step(key, item)))
    else:
        yield prefix, value


def leaves(obj: Obj) -> dict[Path, Any]:
    """Every owned leaf of `obj` with its value (lists without a key are one leaf)."""
    found: dict[Path, Any] = {}
    for key, value in obj.items():
        if key not in _UNOWNED:
            found.update(_walk(value, (f"f:{key}",)))
    meta = obj.get("metadata") or {}
    for key in _OWNED_METADATA:
        if key in meta:
            found.update(_walk(meta[key], ("f:metadata", f"f:{key}")))
    return found


def path_text(path: Path) -> str:
    """`.spec.template.spec.containers[name="python"].image`, as the API server writes it."""
    text = ""
    for step in path:
        if step.startswith("f:"):
            text += "." + step[2:]
        else:
            ((key, value),) = json.loads(step[2:]).items()
            text += f"[{key}={json.dumps(value)}]"
    return text


# ----- the managedFields list ------------------------------------------------------------


def owners(obj: Obj) -> Owners:
    """The ownership recorded in `obj`'s metadata."""
    found: Owners = {}
    for entry in (obj.get("metadata") or {}).get("managedFields") or []:
        key = (str(entry.get("manager", "")), str(entry.get("operation", "")))
        found[key] = set(_paths(entry.get("fieldsV1") or {}, ()))
    return found


def _paths(node: Obj, prefix: Path) -> Iterator[Path]:
    for step, child in node.items():
        if child:
            yield from _paths(child, (*prefix, step))
        else:
            yield (*prefix, step)


def _fields_v1(paths: set[Path]) -> Obj:
    root: Obj = {}
    for path in sorted(paths):
        node = root
        for step in path:
            node = node.setdefault(step, {})
    return root


def record(obj: Obj, ownership: Owners, api_version: str, time: str) -> None:
    """Write `ownership` into `obj.metadata.managedFields` (managers owning nothing dropped)."""
    previous = {
        (entry.get("manager"), entry.get("operation")): entry
        for entry in (obj.get("metadata") or {}).get("managedFields") or []
    }
    entries = []
    for (manager, operation), paths in sorted(ownership.items()):
        if not paths:
            continue
        fields = _fields_v1(paths)
        kept = previous.get((manager, operation))
        unchanged = kept is not None and kept.get("fieldsV1") == fields
        entries.append(
            {
                "manager": manager,
                "operation": operation,
                "apiVersion": kept.get("apiVersion") if unchanged and kept else api_version,
                "time": kept.get("time") if unchanged and kept else time,
                "fieldsType": "FieldsV1",
                "fieldsV1": fields,
            }
        )
    meta = obj.setdefault("metadata", {})
    if entries:
        meta["managedFields"] = entries
    else:
        meta.pop("managedFields", None)


def api_version_of(obj: Obj, manager: str) -> str:
    for entry in (obj.get("metadata") or {}).get("managedFields") or []:
        if entry.get("manager") == manager:
            return str(entry.get("apiVersion", ""))
    return str(obj.get("apiVersion", ""))


# ----- writes ------------------------------------------------------------------------------


def updated(before: Obj | None, after: Obj, manager: str) -> Owners:
    """Ownership after a create, update or patch by `manager`: what it changed is its own."""
    ownership = owners(before) if before is not None else {}
    old = leaves(before) if before is not None else {}
    new = leaves(after)
    changed = {path for path, value in new.items() if old.get(path, _MISSING) != value}
    removed = set(old) - set(new)
    for paths in ownership.values():
        paths -= changed | removed
        paths -= {p for p in paths if not _present(p, new)}
    ownership.setdefault((manager, UPDATE), set()).update(changed)
    return ownership


def applied(
    current: Obj, patch: Obj, manager: str, merged: Obj, *, force: bool
) -> tuple[Obj, Owners]:
    """The object and ownership after `manager` applies `patch` to `current`.

    `merged` is `patch` merged into `current`; fields the manager applied before and leaves
    out now are removed from it when nobody else owns them. Raises ApplyConflicts.
    """
    ownership = owners(current)
    now, sent = leaves(current), leaves(patch)
    changed = {path for path, value in sent.items() if path in now and now[path] != value}
    conflicts = [
        Conflict(who, api_version_of(current, who), path)
        for (who, _operation), paths in sorted(ownership.items())
        if who != manager
        for path in sorted(changed & paths)
    ]
    if conflicts and not force:
        raise ApplyConflicts(conflicts)
    for (who, _operation), paths in ownership.items():
        if who != manager:
            paths -= changed
    before = ownership.get((manager, APPLY), set())
    ownership[(manager, APPLY)] = set(sent)
    others = set().union(*(p for key, p in ownership.items() if key[0] != manager))
    result = copy.deepcopy(merged)
    for path in sorted(before - set(sent) - others, key=len, reverse=True):
        _remove(result, path)
    return result, ownership


_MISSING = object()


def _present(path: Path, found: dict[Path, Any]) -> bool:
    return path in found or any(other[: len(path)] == path for other in found)


def _remove(obj: Obj, path: Path) -> None:
    """Delete the leaf at `path`; then a list item left with only its key, and a map left
    empty, go too. A list item's key field goes only with the item."""
    trail: list[tuple[Any, Any, str]] = []  # (container, key or index, list key of container)
    node: Any = obj
    for step in path:
        if isinstance(node, dict) and step.startswith("f:") and step[2:] in node:
            trail.append((node, step[2:], ""))
            node = node[step[2:]]
        elif isinstance(node, list) and step.startswith("k:"):
            ((key, value),) = json.loads(step[2:]).items()
            index = next((n for n, i in enumerate(node) if i.get(key) == value), None)
            if index is None:
                return
            trail.append((node, index, key))
            node = node[index]
        else:
            return
    container, key, _ = trail.pop()
    if trail and trail[-1][2] == key and len(container) > 1:
        return  # the item's key: it stays while the item has other fields
    del container[key]
    while trail:
        parent, key, list_key = trail.pop()
        if container and (not list_key or set(container) != {list_key}):
            return
        del parent[key]
        container = parent


def conflict_message(conflicts: list[Conflict]) -> str:
    """The API server's words: `Apply failed with 1 conflict: conflict with "m" using v: .x`."""
    count = len(conflicts)
    head = f"Apply failed with {count} conflict{'s' if count > 1 else ''}: "
    if count == 1:
        (only,) = conflicts
        return f'{head}conflict with "{only.manager}" using {only.api_version}: ' + path_text(
            only.path
        )
    parts = []
    for manager in dict.fromkeys(c.manager for c in conflicts):
        mine = [c for c in conflicts if c.manager == manager]
        lines = "\n".join(f"- {path_text(c.path)}" for c in mine)
        parts.append(f'conflicts with "{manager}" using {mine[0].api_version}:\n{lines}')
    return head + "\n".join(parts)
