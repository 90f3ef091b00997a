"""The console app: five modes over one Backend, started after the first frame.

The app never constructs a backend: the console command (the composition root) builds one and
passes it in. Nothing here imports SQLite, Kubernetes, Helm or HTTP code (design invariant 1),
and nothing slow runs before the first frame: `Backend.start()` runs in a worker after mount.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from backend.events import ChangeEvent
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.screens.charts_screen import ChartsScreen
from kubefate_tui.screens.clusters_screen import ClustersScreen
from kubefate_tui.screens.help_screen import HelpScreen, keys_in_effect
from kubefate_tui.screens.jobs_screen import JobsScreen
from kubefate_tui.screens.namespaces_screen import NamespacesScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.screens.users_screen import UsersScreen
from kubefate_tui.widgets.backend_status import READY, STARTING, BackendPhase, BackendState
from kubefate_tui.widgets.command_line import CommandLine

Clock = Callable[[], datetime]

MODE_SCREENS: tuple[type[ResourceScreen], ...] = (
    ClustersScreen,
    JobsScreen,
    ChartsScreen,
    NamespacesScreen,
    UsersScreen,
)
QUIT_COMMANDS = ("q", "quit")
MODE_ALIASES = {
    "cluster": "clusters",
    "job": "jobs",
    "chart": "charts",
    "namespace": "namespaces",
    "ns": "namespaces",
    "user": "users",
}


def local_now() -> datetime:
    """The wall-clock time in the local zone (the console's default clock)."""
    return datetime.now().astimezone()


def _mode_bindings() -> list[BindingType]:
    return [
        Binding(
            str(number), f"switch_mode('{screen.MODE}')", screen.HEADING, id=f"mode.{screen.MODE}"
        )
        for number, screen in enumerate(MODE_SCREENS, start=1)
    ]


class KubefateApp(App[None]):
    """The KubeFATE console: Clusters, Jobs, Charts, Namespaces and Users over one Backend.

    `clock` gives the current time for ages and durations; tests pass a fixed one.
    """

    TITLE = "kubefate-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        screen.MODE: screen for screen in MODE_SCREENS
    }
    DEFAULT_MODE = ClustersScreen.MODE
    BINDINGS: ClassVar[list[BindingType]] = [
        *_mode_bindings(),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
    ]

    backend_state: reactive[BackendState] = reactive(STARTING)

    def __init__(self, backend: Backend, *, clock: Clock = local_now) -> None:
        super().__init__()
        self.backend = backend
        self.clock = clock
        self._start_task: asyncio.Task[None] | None = None

    @property
    def command_words(self) -> tuple[str, ...]:
        """What the command line accepts (aliases aside): every mode, then quit."""
        return (*(screen.MODE for screen in MODE_SCREENS), *QUIT_COMMANDS)

    # --- backend lifecycle -----------------------------------------------------------------
    def on_mount(self) -> None:
        self.start_backend()

    @work(group="backend-start", exclusive=True, exit_on_error=False)
    async def start_backend(self) -> None:
        """Start the backend, then follow its change events. Failure becomes a message."""
        # The start runs as its own task, shielded: quitting mid-start must not leave a half
        # opened database behind; on_unmount waits for it and closes the backend.
        self._start_task = asyncio.ensure_future(self.backend.start())
        try:
            await asyncio.shield(self._start_task)
        except Exception as error:  # any failure (an unreadable or newer database...), shown
            self.backend_state = BackendState(BackendPhase.FAILED, error_text(error))
            return
        self.backend_state = READY
        self.follow_changes()

    @work(group="backend-events", exclusive=True, exit_on_error=False)
    async def follow_changes(self) -> None:
        """Reload the screens whose objects an event concerns (RESYNC: all of them)."""
        async with self.backend.subscribe() as events:
            async for event in events:
                self.apply_change(event)

    def apply_change(self, event: ChangeEvent) -> None:
        """Tell the screens of the current mode about `event`; other modes reload when shown."""
        for screen in self.screen_stack:
            if isinstance(screen, ResourceScreen) and screen.is_changed_by(event):
                screen.request_reload()

    def watch_backend_state(self, state: BackendState) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ResourceScreen):
                screen.request_reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Live updates stopped by an unexpected failure: say so; `r` still reloads."""
        if event.worker.group == "backend-events" and event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("unknown error")
            self.notify(
                f"live updates stopped: {error_text(error)}; press r to reload",
                severity="error",
                markup=False,
            )

    async def on_unmount(self) -> None:
        """Close the backend (after a start still in progress, so nothing is left open)."""
        if self._start_task is None:
            return
        with suppress(Exception):  # a failed start is already shown in the status line
            await self._start_task
        try:
            await self.backend.close()
        except Exception as error:  # the screen is gone; leave a trace in the devtools log
            self.log.error(f"closing the backend failed: {error_text(error)}")

    # --- commands and keys -----------------------------------------------------------------
    def on_command_line_submitted(self, message: CommandLine.Submitted) -> None:
        self.run_command(message.command)

    def run_command(self, command: str) -> None:
        """Run a command line: a mode name switches to it, `q`/`quit` quits."""
        word = command.strip().removeprefix(":").strip().lower()
        word = MODE_ALIASES.get(word, word)
        if word in QUIT_COMMANDS:
            self.exit()
        elif word in self.MODES:
            self.switch_mode(word)
        else:
            valid = ", ".join(f":{name}" for name in self.command_words)
            self.notify(
                f"unknown command :{command}; valid commands: {valid}",
                title="Command",
                severity="error",
                markup=False,
            )

    def action_help(self) -> None:
        """Show the keys that work where the focus is."""
        context = type(self.focused).__name__ if self.focused else type(self.screen).__name__
        heading = getattr(self.screen, "HEADING", context)
        keys = keys_in_effect(self, self.screen.active_bindings.values())
        self.push_screen(HelpScreen(keys, f"{heading} · focus: {context}"))
