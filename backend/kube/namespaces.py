"""Namespaces: KubeFATE's list (§1.5.2) with phase and human age, and creating one on request.

KubeFATE never creates namespaces (a cluster install into a missing namespace fails); the
console offers to, so `create_namespace` exists, and only runs when the user asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from backend.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from backend.kube import objects
from backend.kube.api import JsonObject
from backend.kube.connection import KubeConnection
from backend.kube.paths import NAMESPACES
from backend.models.age import age
from backend.models.namespace import Namespace

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


@dataclass(frozen=True, slots=True)
class NamespaceListing:
    """The namespaces we could see. `degraded` says why the list is missing, if it is."""

    namespaces: list[Namespace] = field(default_factory=list)
    degraded: str | None = None


def list_failure_text(resource: str, error: Exception) -> str:
    """KubeFATE's wording for a cluster-scope list the credentials may not do (§1.5.2, §2.8)."""
    return (
        f'Please check if user has the privilege to list resource "{resource}" at the cluster '
        f"scope: {error}"
    )


def to_namespace(obj: JsonObject, now: datetime | None = None) -> Namespace:
    created = objects.parse_time(objects.text(obj, "metadata", "creationTimestamp"))
    return Namespace(
        name=objects.name(obj),
        status=objects.text(obj, "status", "phase"),
        age=age(created, now) if created else "<unknown>",
        labels=objects.labels_of(obj) or None,
        annotations=objects.annotations_of(obj) or None,
    )


async def list_namespaces(conn: KubeConnection, now: datetime | None = None) -> NamespaceListing:
    """Every namespace, sorted by name; under a 403 an empty, degraded listing (no exception)."""
    try:
        document = await conn.api.get(NAMESPACES.collection())
    except PermissionDenied as error:
        return NamespaceListing(
            [], "Get namespaces failed. " + list_failure_text("namespaces", error)
        )
    found = [to_namespace(obj, now) for obj in objects.items(document)]
    return NamespaceListing(sorted(found, key=lambda n: n.name))


def check_namespace_name(name: str) -> None:
    """Kubernetes' rule for namespace names (an RFC 1123 label), with the field named."""
    if len(name) > 63 or not _DNS_LABEL.match(name):
        raise InvalidRequest(
            f'namespace "{name}" is not a valid name: use at most 63 lowercase letters, digits '
            "and '-', starting and ending with a letter or digit"
        )


async def get_namespace(conn: KubeConnection, name: str) -> Namespace | None:
    """The namespace, or None if it does not exist. PermissionDenied if we may not read it."""
    try:
        return to_namespace(await conn.api.get(NAMESPACES.item(name)))
    except NotFound:
        return None


async def create_namespace(
    conn: KubeConnection, name: str, *, labels: dict[str, str] | None = None, exist_ok: bool = False
) -> Namespace:
    """Create namespace `name` (only on the user's request). Conflict if it exists already,
    unless `exist_ok`."""
    check_namespace_name(name)
    body: JsonObject = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
    if labels:
        body["metadata"]["labels"] = dict(labels)
    try:
        created = await conn.api.send("POST", NAMESPACES.collection(), body)
    except Conflict:
        if exist_ok:
            existing = await get_namespace(conn, name)
            if existing is not None:
                return existing
        raise Conflict(f'namespace "{name}" already exists') from None
    return to_namespace(created)
