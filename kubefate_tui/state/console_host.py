"""What screens, actions and the live parts ask of the console app, as a protocol.

They reach the app through this, never by importing `kubefate_tui.app`: the app imports the
screens, so the other way round would tie every file of the console into one import cycle.
`KubefateApp` is the one implementation; `console_host(app)` gives the typed view of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from backend.interface import Backend
from kubefate_tui.state.backend_factory import BackendFactory
from kubefate_tui.state.pacing import Pacing

if TYPE_CHECKING:
    from textual.app import App

    from backend.models import Job
    from kubefate_tui.state.backend_state import BackendState
    from kubefate_tui.state.wizard_start import WizardStart


class ConsoleHost(Protocol):
    """The console app's own members that its screens use (beside Textual's `App`)."""

    backend: Backend
    clock: Callable[[], datetime]
    command_history: list[str]
    pacing: Pacing
    backend_factory: BackendFactory
    """Opens the backends of other config profiles (the Federations mode's parties)."""
    federation_folder: Path | None
    """The federation folder the Federations mode shows (None: none opened yet)."""

    def remember_federation(self, folder: Path) -> None:
        """Keep `folder` for the next run (when the console keeps such things)."""

    @property
    def backend_state(self) -> BackendState:
        """Starting, ready or failed."""

    def note_list_read(self, at: float | None) -> None:
        """The list on screen was read at `at` (time.monotonic()), for the header; None: no
        list is on screen."""

    @property
    def command_words(self) -> tuple[str, ...]:
        """What the command line accepts (every mode, then quit)."""

    def complete_command(self, text: str) -> list[str]:
        """Completions of a command line."""

    def remember_words(self, mode: str, words: list[str]) -> None:
        """Keep what the command line completes from a mode's list (cluster names, job
        uuids), as last loaded."""

    async def open_job(self, uuid: str) -> None:
        """The job's detail over the Jobs list (its live view)."""

    def start_new_cluster(self, preset: str | None = None, save_path: Path | None = None) -> None:
        """A new cluster.yaml in the wizard, from `preset` (None: the user picks one)."""

    def open_wizard(self, start: WizardStart) -> None:
        """Open the wizard on `start`'s document."""

    def announce_finished_job(self, job: Job) -> None:
        """Toast a job that has just finished."""

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the console's first frame is on the screen (after the next
        refresh, if it is already)."""


def console_host(app: App[object]) -> ConsoleHost:
    """`app` (the running KubefateApp) as the console host it is."""
    return cast(ConsoleHost, app)
