"""Upgrade and rollback through libhelm_c's documented options, inside the worker process.

helm-python-sdk 0.2.2's `Config.upgrade` and `Config.rollback` build their options JSON from a
fixed list of keyword arguments that leaves out `force_conflicts`, although the C library they
wrap accepts it for both calls (include/helm_c.h: options keys are ABI, additive only; checked
against the installed library, which refuses unknown keys). Taking over fields that a
`kubectl edit` or a Helm CLI upgrade now manages needs it, so these two calls go to the same C
entry points with the complete options. Imported only in the worker (it loads the library).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import helm_python as helm
from helm_python import _native


def upgrade(
    config: helm.Config,
    chart: helm.Chart,
    release: str,
    values: Mapping[str, Any],
    context: helm.HelmContext,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """`helm upgrade` with any option libhelm_c knows (e.g. `force_conflicts`, `labels`)."""
    payload = _native.call_string(
        "helm_upgrade",
        config._raw(),
        context._raw(),
        chart._raw(),
        None,
        release,
        json.dumps(dict(values)),
        json.dumps(_present(options)),
    )
    result: dict[str, Any] = json.loads(payload)
    return result


def rollback(config: helm.Config, release: str, options: Mapping[str, Any]) -> None:
    """`helm rollback` with any option libhelm_c knows (e.g. `force_conflicts`)."""
    _native.call_status("helm_rollback", config._raw(), release, json.dumps(_present(options)))


def _present(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options that are set (the library's defaults apply to the others)."""
    return {key: value for key, value in options.items() if value is not None}
