"""The cluster.yaml document carried in a request's `data` (§1.5.4)."""

from __future__ import annotations

import json
from typing import Any

import yaml

from backend.errors import InvalidRequest
from backend.heavy_work import run_heavy
from backend.schema.yaml_bounds import YamlRefused, load_bounded


def parse_cluster_document(data: bytes) -> dict[str, Any]:
    """The document as KubeFATE's Spec: YAML (JSON is YAML too) read with JSON semantics.

    Map keys become strings (a route-table key `10000` is `"10000"`), as sigs.k8s.io/yaml
    does before Go's templates see the spec. Read with the bounded loader (YAML_BOUNDS): a
    document past a bound is an InvalidRequest naming the bound and the line. Blocking for up
    to a second or two on a large document: from async code, use `read_cluster_document`.
    """
    try:
        text = data.decode("utf-8")
        document = load_bounded(text)
    except UnicodeDecodeError as error:
        raise InvalidRequest(f"data: the cluster document is not UTF-8 text: {error}") from None
    except YamlRefused as refused:
        message = f"data: the cluster document is refused at line {refused.line}, column "
        raise InvalidRequest(f"{message}{refused.column}: {refused.message}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        message = f"data: the cluster document is not valid YAML{where}: {problem}"
        raise InvalidRequest(message) from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise InvalidRequest("data: the cluster document must be a mapping of keys")
    try:
        # A JSON round trip gives exactly the JSON view: string keys, dates as text. The
        # loader's bounds keep it small even where aliases share a value many times.
        converted: dict[str, Any] = json.loads(json.dumps(document, default=str))
    except (TypeError, ValueError) as error:
        message = f"data: the cluster document cannot be read as JSON: {error}"
        raise InvalidRequest(message) from None
    return converted


async def read_cluster_document(data: bytes) -> dict[str, Any]:
    """`parse_cluster_document` off the event loop (backend.heavy_work)."""
    return await run_heavy(parse_cluster_document, data)
