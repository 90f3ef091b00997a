"""Rendered manifests checked against the Kubernetes OpenAPI schema, offline.

kubernetes-validate carries the schema of every Kubernetes release as JSON Schema; its strict
variant rejects fields the API does not know (a misspelt key would otherwise be dropped in
silence by the API server, or refused by Helm 4's strict server-side apply).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import kubernetes_validate
import yaml

from backend.render.manifest_render import split_documents

KUBERNETES_VERSION = "1.35.0"  # what tests/kube_emulator reports


def manifest_objects(manifests: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every object of rendered manifests (template path -> text), in order."""
    objects = []
    for text in manifests.values():
        for document in split_documents(text):
            loaded = yaml.safe_load(document)
            if loaded is not None:
                objects.append(loaded)
    return objects


def schema_problems(objects: Iterable[Mapping[str, Any]]) -> list[str]:
    """One line per object the schema refuses: kind/name, the path at fault and why."""
    problems = []
    for obj in objects:
        where = f"{obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
        try:
            kubernetes_validate.validate(dict(obj), KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            problems.append(f"{where}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{where}: Kubernetes {KUBERNETES_VERSION} has no such kind")
    return problems
