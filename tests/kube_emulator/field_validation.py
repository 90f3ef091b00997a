"""Unknown fields in a written object: refused under `fieldValidation=Strict`, else dropped.

A real API server decodes bodies into its typed objects, so a field the schema lacks
(`spec.replicass`) is either an error (Strict: what Helm 4 and kubectl ask for) or silently
lost. The schema comes from the official client's models (`kubernetes.client.models`), which
are generated from the API's OpenAPI document and list every field of every built-in kind:
`attribute_map` gives the JSON names, `openapi_types` the type of each.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kubernetes.client import models

_GENERIC = re.compile(r"^(List|Dict)\[(?:str, )?(.+)\]$")


@cache
def _model(name: str) -> dict[str, str] | None:
    """JSON name -> type name for model `name`, or None when it is not a model."""
    cls = getattr(models, name, None)
    if cls is None or not hasattr(cls, "attribute_map"):
        return None
    names: dict[str, str] = cls.attribute_map
    types: dict[str, str] = cls.openapi_types
    return {json_name: types[attribute] for attribute, json_name in names.items()}


def model_for(kind: str) -> str | None:
    """The client's model name for a built-in kind (`Event` is `CoreV1Event`)."""
    for name in (f"V1{kind}", f"CoreV1{kind}"):
        if _model(name) is not None:
            return name
    return None


def unknown_fields(model: str, value: Any, *, remove: bool) -> list[str]:
    """Paths of the fields `value` has and `model` does not (`spec.foo`,
    `spec.containers[0].bar`); with `remove`, they are deleted from `value` too."""
    found: list[str] = []
    _check(model, value, "", found, remove)
    return found


def _check(type_name: str, value: Any, path: str, found: list[str], remove: bool) -> None:
    generic = _GENERIC.match(type_name)
    if generic is not None:
        inner = generic.group(2)
        if generic.group(1) == "List" and isinstance(value, list):
            for index, item in enumerate(value):
                _check(inner, item, f"{path}[{index}]", found, remove)
        elif generic.group(1) == "Dict" and isinstance(value, dict):
            for key, item in value.items():
                _check(inner, item, f"{path}.{key}" if path else key, found, remove)
        return
    schema = _model(type_name)
    if schema is None or not isinstance(value, dict):
        return  # a scalar, or `object` (IntOrString, RawExtension...): anything goes
    fields = schema
    for key in list(value):
        if key.startswith("$"):
            continue  # a strategic-merge directive, not a field
        where = f"{path}.{key}" if path else key
        if key in fields:
            _check(fields[key], value[key], where, found, remove)
        else:
            found.append(where)
            if remove:
                del value[key]
