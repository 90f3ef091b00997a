"""The backend's phase as the console keeps it: starting (after the first frame), ready or failed.

The app holds it (`KubefateApp.backend_state`); screens show `unready_text` in place of their
data until it is ready, and the status line shows `summary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BackendPhase(StrEnum):
    """Where the backend is in its life: starting (after the first frame), ready, or failed."""

    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class BackendState:
    """The backend's phase, with the reason when it failed to start, and when the list on
    screen was last read (what a polled service's header says)."""

    phase: BackendPhase
    message: str = ""
    list_read_at: float | None = None
    """time.monotonic() when the list on screen finished loading (None: no list on screen,
    or not loaded yet)."""

    @property
    def unready_text(self) -> str:
        """What a screen says in place of its data until the backend is ready ("" once it is)."""
        if self.phase is BackendPhase.STARTING:
            return "starting the backend…"
        if self.phase is BackendPhase.FAILED:
            return f"the backend did not start: {self.message}"
        return ""

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
