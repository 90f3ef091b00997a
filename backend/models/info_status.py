"""A cluster's modules as its `Info` (docs/kubefate-behaviour.md §2.8) reports them, and why it is
not ready according to Info alone.

`Info.status` maps each Deployment and StatefulSet name to its state (`Available`,
`Progressing`, `ReplicaFailure`, `Undefined`) and each container name to its pod's phase. Info
comes from Kubernetes or a remote service, so it is read defensively: a garbled part is absent
rather than an error. A KubeFATE service reports no pod reasons, so a remote console's reasons
(`info_reasons`) say which modules are not Available and which pods are not Running.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.models.enums import ModulesStatus

SETTLED_PHASES = frozenset({"Running", "Succeeded"})


@dataclass(frozen=True, slots=True)
class ModuleState:
    """One workload of a cluster: its name, `deployment` or `statefulset`, and its state."""

    name: str
    kind: str
    state: str

    @property
    def ready(self) -> bool:
        return self.state == ModulesStatus.AVAILABLE.value


def info_status(info: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Info's `status` part; None when there is none that can be read."""
    status = (info or {}).get("status")
    return status if isinstance(status, Mapping) else None


def _pairs(states: object) -> list[tuple[str, str]]:
    if not isinstance(states, Mapping):
        return []
    return sorted((str(name), str(state)) for name, state in states.items())


def module_states(info: Mapping[str, Any] | None) -> list[ModuleState]:
    """Every Deployment then every StatefulSet of `info`, each group in name order."""
    status = info_status(info)
    if status is None:
        return []
    return [
        ModuleState(name, kind, state)
        for key, kind in (("deployments", "deployment"), ("statefulSets", "statefulset"))
        for name, state in _pairs(status.get(key))
    ]


def container_phases(info: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(container, its pod's phase) in container name order."""
    status = info_status(info)
    return [] if status is None else _pairs(status.get("containers"))


def info_reasons(info: Mapping[str, Any] | None) -> list[str]:
    """`deployment python: Progressing`, `container mysql: pod Pending`… in name order."""
    reasons = [f"{m.kind} {m.name}: {m.state}" for m in module_states(info) if not m.ready]
    reasons += [
        f"container {name}: pod {phase}"
        for name, phase in container_phases(info)
        if phase not in SETTLED_PHASES
    ]
    return reasons
