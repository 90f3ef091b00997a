"""The console app: six modes over one Backend (the Federations mode opens more), started
after the first frame.

The app never constructs a backend: the console command (the composition root) builds one and
passes it in. Nothing here imports SQLite, Kubernetes, Helm or HTTP code (docs/architecture.md,
invariant 1), and nothing slow runs before the first frame: `Backend.start()` runs in a worker
after mount.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from backend.errors import BackendError
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.palette.listed_provider import ListedProvider, PaletteEntry
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.backend_factory import BackendFactory, NoProfiles
from kubefate_tui.state.backend_state import READY, STARTING, BackendPhase, BackendState
from kubefate_tui.state.live_screen import LiveScreen
from kubefate_tui.state.mode_catalog import CLUSTERS, FEDERATIONS, JOBS, MODES
from kubefate_tui.state.pacing import DEFAULT_PACING, Pacing
from kubefate_tui.widgets.bars.command_line import CommandLine

# The command-line grammar is imported where commands are completed and run: its nine
# dataclasses are not needed before the console's first frame (the command line comes after).
if TYPE_CHECKING:
    from backend.events import ChangeEvent
    from backend.interface import Backend
    from backend.models import Cluster, Job
    from kubefate_tui import command_line_grammar as grammar
    from kubefate_tui.live.live_updates import LiveUpdates
    from kubefate_tui.state.wizard_start import WizardStart
    from kubefate_tui.wizard.wizard_opening import WizardOpener

__all__ = ["KubefateApp", "local_now"]

Clock = Callable[[], datetime]

JOB_TOAST_SECONDS = 8.0
"""How long a finished-job toast stays (a little longer than the default: it may be news)."""


def local_now() -> datetime:
    """The wall-clock time in the local zone (the console's default clock)."""
    return datetime.now().astimezone()


def _mode_bindings() -> list[BindingType]:
    return [
        Binding(
            str(number),
            f"switch_mode('{mode.name}')",
            mode.heading,
            show=mode.in_footer,
            id=f"mode.{mode.name}",
        )
        for number, mode in enumerate(MODES, start=1)
    ]


class ConsoleCommands(ListedProvider):
    """The command palette's commands: the modes, and what fits the highlighted row."""

    def entries(self) -> list[PaletteEntry]:
        from backend.models import Cluster, Job  # the palette opens after the first frame

        app = self.app
        assert isinstance(app, KubefateApp)
        found: list[PaletteEntry] = []
        for mode in MODES:
            go = partial(app.switch_mode, mode.name)
            found.append((f"Go to {mode.heading}", go, f":{mode.name}"))
        new = partial(app.start_new_cluster, None)
        found.append(("New cluster in the wizard", new, ":wizard (from a preset)"))
        screen = self.screen
        item = screen.item_at_cursor() if isinstance(screen, ResourceScreen) else None
        if isinstance(item, Cluster):
            found.extend(cluster_entries(app, item))
        elif isinstance(item, Job):
            found.extend(job_entries(app, item))
        return found


def cluster_entries(app: KubefateApp, cluster: Cluster) -> list[PaletteEntry]:
    """What the palette offers for the highlighted cluster."""
    name, uuid = cluster.name, cluster.uuid
    return [
        (f"Open cluster {name}", partial(app.open_cluster, uuid), f":cluster {name}"),
        (f"Show jobs of {name}", partial(app.open_cluster, uuid, "jobs"), "jobs of this cluster"),
        (f"Show logs of {name}", partial(app.open_cluster, uuid, "logs"), f":logs {name}"),
        (f"Edit {name} in the wizard", partial(app.edit_cluster_in_wizard, uuid), "update it"),
    ]


def job_entries(app: KubefateApp, job: Job) -> list[PaletteEntry]:
    """What the palette offers for the highlighted job."""
    short = job.uuid[:8]
    found: list[PaletteEntry] = [
        (f"Open job {short}", partial(app.open_job, job.uuid), f":job {short}")
    ]
    if job.cluster_id:
        go = partial(app.go_to_cluster_key, job.cluster_id)
        found.append((f"Go to cluster of job {short}", go, "the cluster this job is about"))
    return found


class KubefateApp(App[None]):
    """The KubeFATE console: Clusters, Jobs, Charts, Namespaces and Users over one Backend;
    Federations over the backends of every profile its parties name (`backend_factory`).

    `clock` gives the current time for ages and durations; tests pass a fixed one. `pacing`
    holds how often the console re-reads and redraws on its own; tests pass shorter intervals.
    """

    TITLE = "kubefate-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode.name: mode.new_screen for mode in MODES
    }
    DEFAULT_MODE = CLUSTERS
    COMMANDS = App.COMMANDS | {ConsoleCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *_mode_bindings(),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("o", "open_finished_job", "Open finished job", show=False, id="app.open_finished"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
        # As in k9s: ctrl+c leaves (Textual's default only says which key quits).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"),
    ]

    backend_state: reactive[BackendState] = reactive(STARTING)

    def __init__(
        self,
        backend: Backend,
        *,
        clock: Clock = local_now,
        history_file: Path | None = None,
        pacing: Pacing = DEFAULT_PACING,
        backend_factory: BackendFactory | None = None,
        federation_folder: Path | None = None,
    ) -> None:
        if federation_folder is not None:
            # Opened on a federation: that mode is the first screen (Textual reads the
            # default mode while it initialises, so the instance's own must be set first).
            object.__setattr__(self, "DEFAULT_MODE", FEDERATIONS)
        super().__init__()
        self.backend = backend
        self.backend_factory: BackendFactory = backend_factory or NoProfiles()
        """Opens other profiles' backends, for the Federations mode (given by the caller)."""
        self.federation_folder = federation_folder
        """The folder the Federations mode shows (`--federation`, `:federation DIR`)."""
        self.federation_memory: Path | None = None
        """Where the folder shown last is kept across runs (None: it is not)."""
        self.clock = clock
        self.pacing = pacing
        self._start_task: asyncio.Task[None] | None = None
        self.command_history: list[str] = []
        """Commands entered on any screen's command line, newest last (at most 500)."""
        from kubefate_tui.settings.command_history import CommandHistoryKeeper

        self.history = CommandHistoryKeeper(self, self.command_history, history_file)
        """Keeps `command_history` in `history_file` across runs (None: this run only)."""
        self.live: LiveUpdates | None = None
        """Finished-job toasts and (remote) the visible list's polling, once READY."""
        self.known_words: dict[str, list[str]] = {}
        """What the command line completes from each mode's list (cluster names, job uuids)."""
        self.opening: Callable[[KubefateApp], None] | None = None
        """What to open once the backend has started (`kubefate-tui wizard ...`)."""
        self.finished_job: str | None = None
        """The uuid of the job whose finish was toasted last (`o` opens it)."""
        self._after_first_frame: list[Callable[[], object]] | None = []
        """What waits for the first frame (None once it is on the screen)."""

    @property
    def command_words(self) -> tuple[str, ...]:
        """What the command line accepts (aliases aside): every mode, then quit."""
        from kubefate_tui.command_line_grammar import QUIT_COMMANDS

        return (*(mode.name for mode in MODES), *QUIT_COMMANDS)

    def note_list_read(self, at: float | None) -> None:
        """Keep when the list on screen was read in `backend_state` (the header says it)."""
        self.backend_state = replace(self.backend_state, list_read_at=at)

    def remember_words(self, mode: str, words: list[str]) -> None:
        """Keep what `mode` loaded, for completion (no backend call per key press)."""
        self.known_words[mode] = words

    def complete_command(self, text: str) -> list[str]:
        """Completions of a command line, from the rows the screens hold."""
        from kubefate_tui import command_line_grammar as grammar

        return grammar.completions(
            text,
            cluster_names=self.known_words.get(CLUSTERS, []),
            job_uuids=self.known_words.get(JOBS, []),
        )

    # --- the first frame -------------------------------------------------------------------
    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the console's first frame is on the screen; after the next
        refresh if it is already.

        `call_after_refresh` alone does not wait for it: while Textual composes and mounts the
        first screen it holds every refresh back (a batch), and a callback asked for then runs
        at once, before anything is drawn.
        """
        if self._after_first_frame is None:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        """Textual's Ready: the first frame is displayed. Draw all of it, then run what waited
        for it (after that refresh)."""
        self._draw_whole_screen()
        waiting, self._after_first_frame = self._after_first_frame or [], None
        for callback in waiting:
            self.call_after_refresh(callback)

    def _draw_whole_screen(self) -> None:
        # Textual (textual==8.2.8) lays out the first screen of a mode inside its start-up
        # batch, where the whole frame is composed and then dropped: a terminal is sent only
        # what changed after it (the status line, the panel's message), and the rest at the
        # screen's next update tick, some 17 ms later. Repainting now is what that tick does.
        screen = self.screen
        screen.refresh()
        screen._on_timer_update()

    # --- backend lifecycle -----------------------------------------------------------------
    def on_mount(self) -> None:
        # After the first frame is drawn: the start imports the store, Helm and Kubernetes
        # modules, which would otherwise run (and hold the event loop) before that frame.
        self.after_first_frame(self.start_backend)
        self.after_first_frame(self.history.load_soon)

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
            self._run_opening()  # a wizard can still write a file
            return
        self.backend_state = READY
        self._run_opening()
        self.follow_changes()
        self.show_backend_notices()
        from kubefate_tui.live.live_updates import start_live_updates  # after the first frame

        self.live = start_live_updates(self)

    def _run_opening(self) -> None:
        opening, self.opening = self.opening, None
        if opening is not None:
            opening(self)

    @work(group="backend-notices", exclusive=True, exit_on_error=False)
    async def show_backend_notices(self) -> None:
        """What the backend says the user should know (e.g. where the generated admin
        password was written), as toasts that stay until read."""
        for text in await self.backend.notices():
            self.notify(text, severity="warning", timeout=60, markup=False)

    @work(group="backend-events", exclusive=True, exit_on_error=False)
    async def follow_changes(self) -> None:
        """Reload the screens whose objects an event concerns (RESYNC: all of them)."""
        async with self.backend.subscribe() as events:
            async for event in events:
                self.apply_change(event)

    def apply_change(self, event: ChangeEvent) -> None:
        """Tell the screens of the current mode about `event`; other modes reload when shown."""
        for screen in self.screen_stack:
            if isinstance(screen, LiveScreen) and screen.is_changed_by(event):
                screen.request_reload()

    def watch_backend_state(self, old: BackendState, state: BackendState) -> None:
        if old.phase is state.phase and old.message == state.message:
            return  # only the list's read time changed: nothing to load again
        for screen in self.screen_stack:
            if isinstance(screen, LiveScreen):
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
        """Save the command history, whichever way the console is left (a save started by
        the last command may have been cancelled by the exit), then close the backend
        (after a start still in progress, so nothing is left open)."""
        await self.history.flush()
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
        self.history.save_soon()
        self.run_command(message.command)

    def run_command(self, command: str) -> None:
        """Run a command line (see `kubefate_tui.command_line_grammar` for the grammar)."""
        from kubefate_tui import command_line_grammar as grammar

        action = grammar.parse(command)
        if isinstance(action, grammar.Quit):
            self.exit()
        elif isinstance(action, grammar.SwitchMode):
            self.switch_mode(action.mode)
        elif isinstance(action, grammar.Invalid):
            self._say(action.message, severity="error")
        elif isinstance(action, grammar.OpenWizard):
            self.start_new_cluster(action.preset)
        elif isinstance(action, grammar.OpenFederation):
            folder = Path(action.folder).expanduser()
            self.run_worker(self.open_federation(folder), exit_on_error=False)
        else:
            self.run_target_command(action)

    def _say(self, text: str, *, severity: Literal["information", "warning", "error"]) -> None:
        self.notify(text, title="Command", severity=severity, markup=False)

    @work(group="command", exclusive=True, exit_on_error=False)
    async def run_target_command(
        self, action: grammar.GoToCluster | grammar.GoToJob | grammar.ShowLogs
    ) -> None:
        """`:cluster`, `:job` and `:logs`: look the object up, then go to it or show it."""
        from kubefate_tui import command_line_grammar as grammar

        try:
            if isinstance(action, grammar.GoToJob):
                job = await self._find_job(action.prefix)
                if isinstance(job, grammar.Found):
                    await self.open_job(job.key)
                else:
                    self._say(job.message, severity="warning")
                return
            clusters = await self.backend.list_clusters()
        except BackendError as error:
            self._say(error_text(error), severity="error")
            return
        refs = [grammar.ClusterRef(c.uuid, c.name, c.namespace) for c in clusters]
        query = action.query
        cluster = grammar.find_cluster(query, refs)
        if not isinstance(cluster, grammar.Found):
            self._say(cluster.message, severity="warning")
        elif isinstance(action, grammar.ShowLogs):
            await self.open_cluster(cluster.key, "logs")
        else:
            await self.open_cluster(cluster.key)

    async def _find_job(self, prefix: str) -> grammar.Found | grammar.NotFound:
        """The job `prefix` names: among the Jobs list's rows first (reading 100,000 job
        summaries takes a second), then, if they do not settle it (the list may be out of date
        while another mode is shown), among every job the backend has."""
        from kubefate_tui import command_line_grammar as grammar

        known = self.known_words.get(JOBS)
        if known is not None:
            found = grammar.find_job(prefix, known)
            if isinstance(found, grammar.Found):
                return found
        jobs = await self.backend.list_jobs(summary=True)
        return grammar.find_job(prefix, [job.uuid for job in jobs])

    async def go_to(self, mode: str, key: str) -> None:
        """Show `mode` with the cursor on the row `key` (once it is loaded)."""
        await self.switch_mode(mode)
        screen = self.screen
        if isinstance(screen, ResourceScreen):
            screen.select_key(key)

    async def go_to_cluster_key(self, uuid: str) -> None:
        await self.go_to(CLUSTERS, uuid)

    async def open_cluster(self, uuid: str, tab: str = "overview") -> None:
        """The cluster's detail (on `tab`) over the Clusters list, its row under the cursor,
        so esc lands where the user would look for it."""
        from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen

        await self.go_to(CLUSTERS, uuid)
        await self.push_screen(ClusterDetailScreen(uuid, tab=tab))

    async def open_job(self, uuid: str) -> None:
        """The job's detail over the Jobs list, its row under the cursor."""
        from kubefate_tui.screens.job_detail_screen import JobDetailScreen

        await self.go_to(JOBS, uuid)
        await self.push_screen(JobDetailScreen(uuid))

    async def open_federation(self, folder: Path) -> None:
        """Show the Federations mode on the federation folder `folder`."""
        self.federation_folder = folder
        await self.switch_mode(FEDERATIONS)
        screen = self.screen
        if isinstance(screen, LiveScreen):
            screen.request_reload()

    def remember_federation(self, folder: Path) -> None:
        """Keep `folder` in `federation_memory` (in a thread: it is a file write)."""
        memory = self.federation_memory
        if memory is None:
            return
        from kubefate_tui.settings.last_federation import remember_federation

        self.run_worker(asyncio.to_thread(remember_federation, memory, folder), exit_on_error=False)

    # --- the wizard ------------------------------------------------------------------------
    def _wizard(self) -> WizardOpener:
        from kubefate_tui.wizard.wizard_opening import WizardOpener

        return WizardOpener(self, self.backend, self.open_federation)

    def start_new_cluster(self, preset: str | None = None, save_path: Path | None = None) -> None:
        """A new cluster.yaml in the wizard, from `preset` (None: the user picks one first);
        ctrl+s writes `save_path` (None: asks)."""
        opening = self._wizard().start_new_cluster(preset, save_path)
        self.run_worker(opening, group="wizard", exit_on_error=False)

    def edit_cluster_in_wizard(self, query: str, save_path: Path | None = None) -> None:
        """Open the cluster `query` names (as `:cluster` matches) in the wizard, to update it."""
        opening = self._wizard().edit_cluster(query, save_path)
        self.run_worker(opening, group="wizard", exit_on_error=False)

    def open_wizard(self, start: WizardStart) -> None:
        """Open the wizard on `start`'s document (read in a thread: it may be big)."""
        self.run_worker(self._wizard().open(start), group="wizard", exit_on_error=False)

    def announce_finished_job(self, job: Job) -> None:
        """Toast that `job` finished (with why, when it failed) and how to open it."""
        from kubefate_tui.live.job_finish_watch import finish_message

        self.finished_job = job.uuid
        text, severity = finish_message(job)
        key = self.key_of("app.open_finished")
        hint = f" · {key} opens it" if key else ""
        self.notify(
            text + hint,
            title="Job finished",
            severity=severity,
            timeout=JOB_TOAST_SECONDS,
            markup=False,
        )

    def key_of(self, binding_id: str) -> str:
        """How the key bound to `binding_id` is shown (after any rebinding); "" if none."""
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == binding_id:
                    return self.get_key_display(binding)
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`o` means something only once a job's finish was toasted."""
        if action == "open_finished_job" and self.finished_job is None:
            return False
        return super().check_action(action, parameters)

    async def action_open_finished_job(self) -> None:
        """Open the job whose finish was toasted last."""
        if self.finished_job is not None:
            await self.open_job(self.finished_job)

    def action_help(self) -> None:
        """Show the keys that work where the focus is."""
        from kubefate_tui.formatting.focus_name import focus_name
        from kubefate_tui.screens.help_screen import HelpScreen, keys_in_effect

        heading = getattr(self.screen, "HEADING", "")
        focused = focus_name(self.focused)
        title = " · ".join(part for part in (heading, focused and f"in {focused}") if part)
        keys = keys_in_effect(self, self.screen.active_bindings.values())
        self.push_screen(HelpScreen(keys, title))
