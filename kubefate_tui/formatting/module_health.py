"""A cluster's modules at a glance: the roll-up a list shows (`5/7 ready`) and its marks.

The modules themselves are read from Info by backend.models.info_status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# backend.models.info_status is imported where Info is read: the Clusters screen, the console's
# first, names UNKNOWN and UNREADABLE before its first frame, and reads Info only after it.

UNKNOWN = "—"
"""What a cell shows until the modules are known."""
UNREADABLE = "?"
"""What a cell shows when the modules could not be read."""


def all_ready(info: Mapping[str, Any] | None) -> bool:
    """True when `info` lists at least one module and every one is Available."""
    from backend.models.info_status import module_states

    modules = module_states(info)
    return bool(modules) and all(module.ready for module in modules)


def health_rollup(info: Mapping[str, Any] | None) -> str:
    """`5/7 ready`; `no modules` when Info lists none; `?` when there is no readable Info."""
    from backend.models.info_status import info_status, module_states

    if info_status(info) is None:
        return UNREADABLE
    modules = module_states(info)
    if not modules:
        return "no modules"
    ready = sum(module.ready for module in modules)
    return f"{ready}/{len(modules)} ready"
