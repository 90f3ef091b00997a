"""What the two detail screens (a cluster, a job) share: esc goes back, r reloads, loads are
coalesced, and an object deleted while shown stays on screen as it was last seen (`gone`)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.prompt_screen import PromptScreen

DETAIL_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="detail.back"),
    Binding("r", "reload", "Reload", id="screen.reload"),
]


class DetailScreen(PromptScreen):
    """A screen about one object, named `WHAT` in its messages ("cluster", "job").

    A subclass sets `loads` (what `r` and change events run) in its constructor and says how a
    failed load reads in `show_load_failure`; `gone` turns True once the backend says the object
    no longer exists.
    """

    WHAT: ClassVar[str] = "object"
    BINDINGS: ClassVar[list[BindingType]] = DETAIL_BINDINGS
    loads: CoalescedLoad[Any]

    def __init__(self) -> None:
        super().__init__()
        self.gone = False
        """True once the object is gone (deleted while shown); what it last was stays."""

    def request_reload(self) -> None:
        """Load again, now or as soon as the load in progress ends."""
        self.loads.request()

    @property
    def is_loading(self) -> bool:
        """True while a load is running or wanted."""
        return self.loads.is_loading

    def action_back(self) -> None:
        """Back to the screen this one was opened from."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_reload(self) -> None:
        self.request_reload()

    def show_load_failure(self, text: str) -> None:
        """Say that a load failed unexpectedly (subclasses say it where they show messages)."""
        self.notify(text, severity="error", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading: said in place, never a traceback."""
        if event.worker is self.loads.worker and event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("unknown error")
            self.show_load_failure(f"could not read the {self.WHAT}: {error_text(error)}")
