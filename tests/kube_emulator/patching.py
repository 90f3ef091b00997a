"""Patch flavours: JSON merge patch, strategic merge (approximated), JSON patch, server-side apply.

Strategic merge is approximated by a merge patch in which lists of objects keyed by `name`
(containers, volumes, env, ports of a service) or `type` (conditions) merge element-wise, which
is what the real patch strategy does for the fields tests touch. Its directives are obeyed and
never stored: `$patch` (replace, delete), `$retainKeys`, `$deleteFromPrimitiveList/<list>` and
`$setElementOrder/<list>` (what `kubectl edit` and `kubectl apply` send). Server-side apply is
in managed_fields.py.
"""

from __future__ import annotations

import copy
from typing import Any

Json = Any


class PatchError(ValueError):
    """The patch cannot be applied (the API server answers 422 or 400)."""


def merge_patch(target: Json, patch: Json, *, strategic: bool = False) -> Json:
    """RFC 7386: objects merge recursively, `null` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if strategic and patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if not k.startswith("$")}
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if strategic and key.startswith("$"):
            continue  # directives, handled below
        deleted = strategic and isinstance(value, dict) and value.get("$patch") == "delete"
        if value is None or deleted:
            result.pop(key, None)
        elif strategic and isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = _merge_keyed_lists(result[key], value)
        else:
            result[key] = merge_patch(result.get(key), value, strategic=strategic)
    return _directives(result, patch) if strategic else result


def _directives(result: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Strategic merge's `$` keys, applied to the merged map."""
    retained = patch.get("$retainKeys")
    if isinstance(retained, list):
        result = {key: value for key, value in result.items() if key in retained}
    for key, value in patch.items():
        field = key.partition("/")[2]
        if key.startswith("$deleteFromPrimitiveList/") and isinstance(result.get(field), list):
            result[field] = [item for item in result[field] if item not in value]
        elif key.startswith("$setElementOrder/") and isinstance(result.get(field), list):
            result[field] = _ordered(result[field], value)
    return result


def _ordered(items: list[Any], order: list[Any]) -> list[Any]:
    """The list in the order `$setElementOrder` gives (by merge key, or by value)."""
    key = _merge_key(order)

    def rank(item: Any) -> int:
        wanted = item.get(key) if key is not None and isinstance(item, dict) else item
        names = [o.get(key) if key is not None else o for o in order]
        return names.index(wanted) if wanted in names else len(names)

    return sorted(items, key=rank)


def _merge_key(items: list[Any]) -> str | None:
    for key in ("name", "type"):
        if items and all(isinstance(i, dict) and key in i for i in items):
            return key
    return None


def _merge_keyed_lists(current: list[Any], patch: list[Any]) -> list[Any]:
    key = _merge_key(patch)
    if key is None or (current and _merge_key(current) != key):
        return [merge_patch({}, i, strategic=True) if isinstance(i, dict) else i for i in patch]
    merged = copy.deepcopy(current)
    index = {item[key]: n for n, item in enumerate(merged)}
    for item in patch:
        if item.get("$patch") == "delete":
            merged = [m for m in merged if m[key] != item[key]]
            index = {m[key]: n for n, m in enumerate(merged)}
        elif item[key] in index:
            merged[index[item[key]]] = merge_patch(merged[index[item[key]]], item, strategic=True)
        else:
            index[item[key]] = len(merged)
            merged.append(merge_patch({}, item, strategic=True))
    return merged


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc: Json, parts: list[str]) -> tuple[Json, str]:
    node = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, parts[-1]


def _get(doc: Json, path: str) -> Json:
    node = doc
    for part in _pointer(path):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _add(doc: Json, path: str, value: Json) -> Json:
    parts = _pointer(path)
    if not parts:
        return value
    parent, last = _parent(doc, parts)
    if isinstance(parent, list):
        parent.insert(len(parent) if last == "-" else int(last), value)
    else:
        parent[last] = value
    return doc


def _remove(doc: Json, path: str) -> Json:
    parent, last = _parent(doc, _pointer(path))
    if isinstance(parent, list):
        del parent[int(last)]
    else:
        del parent[last]
    return doc


def json_patch(target: Json, operations: Json) -> Json:
    """RFC 6902 (add, remove, replace, move, copy, test)."""
    if not isinstance(operations, list):
        raise PatchError("a JSON patch must be a list of operations")
    doc = copy.deepcopy(target)
    try:
        for op in operations:
            kind, path = op["op"], op["path"]
            if kind == "add":
                doc = _add(doc, path, copy.deepcopy(op["value"]))
            elif kind == "remove":
                doc = _remove(doc, path)
            elif kind == "replace":
                _get(doc, path)  # must exist
                doc = _add(_remove(doc, path), path, copy.deepcopy(op["value"]))
            elif kind in ("move", "copy"):
                value = copy.deepcopy(_get(doc, op["from"]))
                if kind == "move":
                    doc = _remove(doc, op["from"])
                doc = _add(doc, path, value)
            elif kind == "test":
                if _get(doc, path) != op["value"]:
                    raise PatchError(f"test operation failed at {path}")
            else:
                raise PatchError(f"unknown JSON patch operation {kind!r}")
    except (KeyError, IndexError, ValueError, TypeError) as error:
        if isinstance(error, PatchError):
            raise
        raise PatchError(f"the JSON patch does not apply: {error!r}") from error
    return doc
