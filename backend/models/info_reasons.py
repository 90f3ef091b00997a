"""Why a cluster is not ready, read from its `Info` (kubefate-spec.md §2.8) alone.

A KubeFATE service reports no pod reasons, only each workload's state and each container's pod
phase; a remote console still says which modules are not Available and which pods are not
Running, so the user knows where to look.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

READY_WORKLOAD = "Available"
SETTLED_PHASES = frozenset({"Running", "Succeeded"})


def info_reasons(info: Mapping[str, Any] | None) -> list[str]:
    """`deployment python: Progressing`, `container mysql: pod Pending`… in name order."""
    status = (info or {}).get("status")
    if not isinstance(status, Mapping):
        return []
    reasons: list[str] = []
    for key, kind in (("deployments", "deployment"), ("statefulSets", "statefulset")):
        for name, state in _sorted(status.get(key)):
            if state != READY_WORKLOAD:
                reasons.append(f"{kind} {name}: {state}")
    for name, phase in _sorted(status.get("containers")):
        if phase not in SETTLED_PHASES:
            reasons.append(f"container {name}: pod {phase}")
    return reasons


def _sorted(states: object) -> list[tuple[str, str]]:
    if not isinstance(states, Mapping):
        return []
    return sorted((str(name), str(state)) for name, state in states.items())
