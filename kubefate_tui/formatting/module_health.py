"""A cluster's modules as its `Info` (kubefate-spec.md §2.8) reports them, and their roll-up.

`Info.status` maps each Deployment and StatefulSet name to its state (`Available`,
`Progressing`, `ReplicaFailure`, `Undefined`) and each container name to its pod's phase. The
console reads it defensively: Info comes from Kubernetes or a remote service, and a garbled part
is shown as absent rather than raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

READY_STATE = "Available"
UNKNOWN = "—"
"""What a cell shows until the modules are known."""
UNREADABLE = "?"
"""What a cell shows when the modules could not be read."""


@dataclass(frozen=True, slots=True)
class ModuleState:
    """One workload of a cluster: its name, `deployment` or `statefulset`, and its state."""

    name: str
    kind: str
    state: str

    @property
    def ready(self) -> bool:
        return self.state == READY_STATE


def _status(info: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    status = (info or {}).get("status")
    return status if isinstance(status, Mapping) else None


def _pairs(states: object) -> list[tuple[str, str]]:
    if not isinstance(states, Mapping):
        return []
    return sorted((str(name), str(state)) for name, state in states.items())


def module_states(info: Mapping[str, Any] | None) -> list[ModuleState]:
    """Every Deployment then every StatefulSet of `info`, each group in name order."""
    status = _status(info)
    if status is None:
        return []
    return [
        ModuleState(name, kind, state)
        for key, kind in (("deployments", "deployment"), ("statefulSets", "statefulset"))
        for name, state in _pairs(status.get(key))
    ]


def container_phases(info: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(container, its pod's phase) in container name order."""
    status = _status(info)
    return [] if status is None else _pairs(status.get("containers"))


def all_ready(info: Mapping[str, Any] | None) -> bool:
    """True when `info` lists at least one module and every one is Available."""
    modules = module_states(info)
    return bool(modules) and all(module.ready for module in modules)


def health_rollup(info: Mapping[str, Any] | None) -> str:
    """`5/7 ready`; `no modules` when Info lists none; `?` when there is no readable Info."""
    if _status(info) is None:
        return UNREADABLE
    modules = module_states(info)
    if not modules:
        return "no modules"
    ready = sum(module.ready for module in modules)
    return f"{ready}/{len(modules)} ready"
