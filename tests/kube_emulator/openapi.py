"""OpenAPI v3, as little as Helm 4 needs.

Helm 4 builds objects with kubectl's resource builder and a `ParamVerifyingSchema`: for each
object it reads `/openapi/v3`, then the document of the object's group-version, and looks for a
PATCH operation tagged with the object's `x-kubernetes-group-version-kind` that accepts the
`fieldValidation` query parameter. Found, it leaves validation to the server (which is what
`fieldValidation=Strict` on the apply asks for) and skips client-side schema validation, so no
schemas are needed. Without these documents Helm fails with "failed to download openapi".
"""

from __future__ import annotations

import hashlib
from typing import Any

from tests.kube_emulator.resources import RESOURCES, ResourceType

_QUERY_PARAMS = ("dryRun", "fieldManager", "fieldValidation", "force")


def _gv_path(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


def _operation(resource: ResourceType, action: str) -> dict[str, Any]:
    return {
        "operationId": f"{action}{resource.kind}",
        "parameters": [
            {"name": name, "in": "query", "schema": {"type": "string"}, "uniqueItems": True}
            for name in _QUERY_PARAMS
        ],
        "responses": {"200": {"description": "OK"}},
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {
            "group": resource.group,
            "version": resource.version,
            "kind": resource.kind,
        },
    }


def _group_version_document(group: str, version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for resource in RESOURCES:
        if (resource.group, resource.version) != (group, version):
            continue
        scope = "/namespaces/{namespace}" if resource.namespaced else ""
        path = f"/{_gv_path(group, version)}{scope}/{resource.plural}/{{name}}"
        paths[path] = {
            "get": _operation(resource, "get"),
            "put": _operation(resource, "put"),
            "patch": _operation(resource, "patch"),
        }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.35.0"},
        "paths": paths,
        "components": {"schemas": {}},
    }


def _group_versions() -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for resource in RESOURCES:
        if (resource.group, resource.version) not in seen:
            seen.append((resource.group, resource.version))
    return seen


def _hash(group: str, version: str) -> str:
    return hashlib.sha256(f"{group}/{version}".encode()).hexdigest()[:32].upper()


def openapi_document(path: str) -> dict[str, Any] | None:
    """The document at `path` (`/openapi/v3` or `/openapi/v3/<gv path>`); None if unknown.

    `/openapi/v2` stays a 404, as on a server that only serves v3: Helm then never needs it.
    """
    path = path.rstrip("/")
    if path == "/openapi/v3":
        return {
            "paths": {
                _gv_path(g, v): {
                    "serverRelativeURL": f"/openapi/v3/{_gv_path(g, v)}?hash={_hash(g, v)}"
                }
                for g, v in _group_versions()
            }
        }
    for group, version in _group_versions():
        if path == f"/openapi/v3/{_gv_path(group, version)}":
            return _group_version_document(group, version)
    return None
