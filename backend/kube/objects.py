"""Typed reading of Kubernetes JSON objects: the few fields we use, with safe defaults.

The API server omits empty fields, so every read is "this path, or a default"; these helpers
keep that out of the modules that mean something.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from backend.kube.api import JsonObject


def mapping(obj: Mapping[str, Any], *path: str) -> JsonObject:
    """The object at `path`, or {} when absent or not an object."""
    node: Any = obj
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return dict(node) if isinstance(node, Mapping) else {}


def text(obj: Mapping[str, Any], *path: str, default: str = "") -> str:
    node: Any = mapping(obj, *path[:-1]).get(path[-1])
    return node if isinstance(node, str) else default


def integer(obj: Mapping[str, Any], *path: str, default: int = 0) -> int:
    node: Any = mapping(obj, *path[:-1]).get(path[-1])
    return node if isinstance(node, int) and not isinstance(node, bool) else default


def sequence(obj: Mapping[str, Any], *path: str) -> list[JsonObject]:
    """The objects of the list at `path` (non-objects skipped)."""
    node: Any = mapping(obj, *path[:-1]).get(path[-1])
    return [dict(i) for i in node if isinstance(i, Mapping)] if isinstance(node, list) else []


def items(document: Mapping[str, Any]) -> list[JsonObject]:
    """The items of a list document."""
    return sequence(document, "items")


def name(obj: Mapping[str, Any]) -> str:
    return text(obj, "metadata", "name")


def labels_of(obj: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in mapping(obj, "metadata", "labels").items()}


def annotations_of(obj: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in mapping(obj, "metadata", "annotations").items()}


def resource_version(obj: Mapping[str, Any]) -> str:
    return text(obj, "metadata", "resourceVersion")


def parse_time(value: str) -> datetime | None:
    """A Kubernetes timestamp (RFC 3339, usually `Z`); None if empty or malformed."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def condition(obj: Mapping[str, Any], kind: str) -> JsonObject | None:
    """The status condition of type `kind`, if present."""
    for entry in sequence(obj, "status", "conditions"):
        if entry.get("type") == kind:
            return entry
    return None


def condition_true(obj: Mapping[str, Any], kind: str) -> bool:
    found = condition(obj, kind)
    return found is not None and found.get("status") == "True"
