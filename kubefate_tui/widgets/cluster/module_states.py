"""The Modules tab of a cluster: each workload's state, each container's pod phase, and why
the modules that are not Available are not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from backend.models.info_status import container_phases, module_states
from kubefate_tui.formatting.module_health import all_ready
from kubefate_tui.widgets.tables.virtual_table import Column, VirtualTable

STATE_TONES: Mapping[str, str] = {
    "Available": "success",
    "Progressing": "warning",
    "ReplicaFailure": "error",
    "Undefined": "muted",
}
"""Workload states (docs/kubefate-behaviour.md §3.1) and how they read at a glance."""

PHASE_TONES: Mapping[str, str] = {
    "Running": "success",
    "Succeeded": "success",
    "Pending": "warning",
    "Failed": "error",
    "Unknown": "muted",
}
"""Pod phases and how they read at a glance."""


def state_tone(text: str) -> str | None:
    return STATE_TONES.get(text)


def phase_tone(text: str) -> str | None:
    return PHASE_TONES.get(text)


def reasons_text(reasons: Sequence[str], error: str) -> str:
    """The lines under the tables when some module is not Available."""
    if error:
        return f"Why not ready: could not be read ({error})."
    if not reasons:
        return "Why not ready: nothing visible yet (pods may still be starting)."
    return "\n".join(["Why not ready:", *(f"  • {reason}" for reason in reasons)])


class ModuleStates(VerticalScroll):
    """Tables of a cluster's workloads and containers, from its Info, with the reasons below.

    `show` replaces the rows in place (the cursor stays on its module), so a state turning
    Available reads as an update of that row rather than a new screen.
    """

    FOCUS_NAME = "the modules"

    DEFAULT_CSS = """
    ModuleStates {
        height: 1fr;
        & > VirtualTable { height: auto; margin-bottom: 1; }
        #modules-message { padding: 1 2; color: $text-muted; display: none; }
        #modules-reasons { padding: 0 1; color: $text-warning; display: none; }
        &.-message #modules-message { display: block; }
        &.-message VirtualTable { display: none; }
        &.-reasons #modules-reasons { display: block; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="modules-message", markup=False)
        yield VirtualTable(
            [Column("MODULE"), Column("KIND"), Column("STATE", state_tone)],
            id="modules-workloads",
        )
        yield VirtualTable(
            [Column("CONTAINER"), Column("POD PHASE", phase_tone)], id="modules-containers"
        )
        yield Static("", id="modules-reasons", markup=False)

    @property
    def workloads(self) -> VirtualTable:
        """The table of Deployments and StatefulSets."""
        return self.query_one("#modules-workloads", VirtualTable)

    @property
    def containers(self) -> VirtualTable:
        """The table of containers and their pods' phases."""
        return self.query_one("#modules-containers", VirtualTable)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message = ""
        """What is said instead of the tables ("" while they are shown)."""
        self.reasons = ""
        """The reasons shown under the tables ("" when every module is Available)."""

    def show_message(self, text: str) -> None:
        """Say `text` instead of the tables (the states are not known)."""
        self.message, self.reasons = text, ""
        self.query_one("#modules-message", Static).update(text)
        self.set_class(True, "-message")
        self.set_class(False, "-reasons")

    def show(
        self, info: Mapping[str, Any] | None, reasons: Sequence[str], reasons_error: str = ""
    ) -> None:
        """Show the modules of `info`; under them, when one is not Available, `reasons` (or
        `reasons_error`, the text of the failure to read them)."""
        self.message = ""
        self.set_class(False, "-message")
        self.workloads.set_rows(
            [(f"{m.kind}/{m.name}", (m.name, m.kind, m.state)) for m in module_states(info)]
        )
        self.containers.set_rows([(name, (name, phase)) for name, phase in container_phases(info)])
        self.reasons = "" if all_ready(info) else reasons_text(reasons, reasons_error)
        self.query_one("#modules-reasons", Static).update(self.reasons)
        self.set_class(bool(self.reasons), "-reasons")

    def workload_rows(self) -> list[tuple[str, ...]]:
        """Every workload row's cells, top to bottom (what a reader sees)."""
        return list(self.workloads.shown_rows())
