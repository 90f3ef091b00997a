"""The top line of every screen: which backend the console drives, and whether it is up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from backend.interface import BackendDescription, BackendKind


class BackendPhase(StrEnum):
    """Where the backend is in its life: starting (after the first frame), ready, or failed."""

    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class BackendState:
    """The backend's phase, with the reason when it failed to start."""

    phase: BackendPhase
    message: str = ""

    @property
    def summary(self) -> str:
        """What the status line says about the state."""
        if self.phase is BackendPhase.STARTING:
            return "starting…"
        if self.phase is BackendPhase.FAILED:
            return f"failed: {self.message}"
        return "ready"


STARTING = BackendState(BackendPhase.STARTING)
READY = BackendState(BackendPhase.READY)


def describe_backend(description: BackendDescription) -> str:
    """`kubefate-tui · embedded · db /path/kubefate.db · user admin · read-only` (or a URL)."""
    where = "db" if description.kind is BackendKind.EMBEDDED else "url"
    parts = ["kubefate-tui", description.kind.value, f"{where} {description.location}"]
    if description.username:
        parts.append(f"user {description.username}")
    if description.kube_context:
        parts.append(f"context {description.kube_context}")
    if description.read_only:
        parts.append("read-only")
    return " · ".join(parts)


class BackendStatus(Horizontal):
    """Shows the backend description and follows `App.backend_state` (see KubefateApp)."""

    DEFAULT_CSS = """
    BackendStatus {
        height: auto;
        background: $panel;
        padding: 0 1;
        #backend-description { width: auto; color: $text; }
        #backend-state { width: 1fr; padding-left: 2; color: $text-warning; }
        &.-ready #backend-state { color: $text-success; }
        &.-failed #backend-state { color: $text-error; text-style: bold; }
    }
    """

    def __init__(self, description: BackendDescription) -> None:
        super().__init__()
        self.description = description
        self.state = STARTING

    def compose(self) -> ComposeResult:
        yield Static(describe_backend(self.description), id="backend-description", markup=False)
        yield Static(STARTING.summary, id="backend-state", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "backend_state", self.show_state, init=True)

    def show_state(self, state: BackendState) -> None:
        """Render `state`; called whenever the app's backend state changes."""
        self.state = state
        self.query_one("#backend-state", Static).update(state.summary)
        for phase in BackendPhase:
            self.set_class(state.phase is phase, f"-{phase.value}")

    @property
    def text(self) -> str:
        """The whole line as plain text (what a reader of the screen sees)."""
        return f"{describe_backend(self.description)}  {self.state.summary}"
