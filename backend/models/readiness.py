"""When a cluster counts as ready (docs/kubefate-behaviour.md §3.1)."""

from __future__ import annotations

from collections.abc import Mapping

from backend.models.enums import ModulesStatus


def cluster_ready(states: Mapping[str, ModulesStatus]) -> bool:
    """Ready means: at least one workload, and every one Available."""
    return bool(states) and all(state is ModulesStatus.AVAILABLE for state in states.values())
