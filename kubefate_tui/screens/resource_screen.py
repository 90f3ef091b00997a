"""What every mode's screen shares: the status line, a table of objects, the command line."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from backend.errors import BackendError, Unavailable
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.widgets.backend_status import BackendPhase, BackendStatus
from kubefate_tui.widgets.command_line import CommandLine
from kubefate_tui.widgets.filter_bar import FilterBar
from kubefate_tui.widgets.resource_panel import ResourcePanel, TableRow
from kubefate_tui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from kubefate_tui.app import KubefateApp


class ResourceScreen(Screen[None]):
    """The base screen of a mode: one kind of object, listed from the backend.

    Subclasses name the mode, the columns and the change events that concern them, and turn
    backend objects into rows in `fetch_rows`. Loading is coalesced: a reload asked for while one
    runs makes that one run again when it ends, so a burst of change events costs at most two
    loads and an in-flight load is never cancelled (and so never starved).
    """

    MODE: ClassVar[str]
    HEADING: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]
    KINDS: ClassVar[frozenset[EntityKind]] = frozenset()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("colon", "open_command_line", "Command", key_display=":", id="screen.command"),
        Binding("slash", "open_filter", "Filter", key_display="/", show=False, id="screen.filter"),
        Binding("r", "reload", "Reload", id="screen.reload"),
    ]
    DETAIL = False
    """True when `enter` on a row opens that object's detail screen (`open_detail`)."""

    def __init__(self) -> None:
        super().__init__()
        self._reload_wanted = False
        self._loader: Worker[None] | None = None
        self._wanted_key: str | None = None  # a row to put the cursor on once it is loaded

    @property
    def console(self) -> KubefateApp:
        """The app, typed."""
        return cast("KubefateApp", self.app)

    @property
    def panel(self) -> ResourcePanel:
        """The table (or message) of this mode."""
        return self.query_one(ResourcePanel)

    def compose(self) -> ComposeResult:
        yield BackendStatus(self.console.backend.describe())
        yield ResourcePanel(self.HEADING, self.COLUMNS)
        yield CommandLine(
            self.console.command_words,
            history=self.console.command_history,
            completer=self.console.complete_command,
        )
        yield FilterBar()
        yield Footer()

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        """The rows to show, read from `backend`; `now` is the console's clock, for ages."""
        raise NotImplementedError

    def is_changed_by(self, event: ChangeEvent) -> bool:
        """True when `event` may change what this screen lists."""
        return event.action is ChangeAction.RESYNC or event.kind in self.KINDS

    def open_detail(self, key: str) -> None:
        """Show the detail screen of the object `key` (screens with `DETAIL = True`)."""

    def on_virtual_table_row_selected(self, message: VirtualTable.RowSelected) -> None:
        message.stop()
        if self.DETAIL:
            self.open_detail(message.key)

    def on_screen_resume(self) -> None:
        self.request_reload()

    def action_reload(self) -> None:
        self.request_reload()

    def action_open_command_line(self) -> None:
        self.query_one(FilterBar).display = False
        self.query_one(CommandLine).open()

    # --- filter and selection --------------------------------------------------------------
    def action_open_filter(self) -> None:
        self.query_one(CommandLine).display = False
        self.query_one(FilterBar).open(self.panel.table.filter_text)

    @property
    def filter_text(self) -> str:
        """The text the list is filtered by ("" when it is not)."""
        return self.panel.table.filter_text

    def set_filter(self, text: str) -> None:
        """Show only the rows containing `text` ("" shows them all)."""
        self.panel.table.filter(text)
        self._show_title()

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        message.stop()
        self.set_filter(message.text)

    def on_filter_bar_closed(self, message: FilterBar.Closed) -> None:
        message.stop()
        self.panel.table.focus()

    def _show_title(self) -> None:
        """The panel's title with the count, and the filter when there is one."""
        panel, table = self.panel, self.panel.table
        if panel.message:
            return
        if table.filter_text:
            count = f"{table.row_count} of {table.total_row_count}"
            panel.border_title = f"{self.HEADING} ({count}) /{table.filter_text}"
        else:
            panel.border_title = f"{self.HEADING} ({table.total_row_count})"

    def select_key(self, key: str) -> None:
        """Put the cursor on the row `key` now, or as soon as a load brings it."""
        self._wanted_key = key
        self._apply_wanted_key()

    def _apply_wanted_key(self) -> None:
        key, table = self._wanted_key, self.panel.table
        if key is None or key not in table:
            return
        self._wanted_key = None
        if table.index_of(key) is None:  # hidden by the filter: show every row
            self.set_filter("")
        position = table.index_of(key)
        if position is not None:
            table.move_cursor(position)
        table.focus()

    @property
    def is_loading(self) -> bool:
        """True while a load is running or wanted."""
        return self._reload_wanted or (self._loader is not None and not self._loader.is_finished)

    def request_reload(self) -> None:
        """Load the rows again, now or as soon as the load in progress ends."""
        self._reload_wanted = True
        if self._loader is None or self._loader.is_finished:
            self._loader = self._load()

    @work(group="resource-load", exit_on_error=False)
    async def _load(self) -> None:
        while self._reload_wanted:
            self._reload_wanted = False
            await self._load_once()

    async def _load_once(self) -> None:
        state = self.console.backend_state
        if state.phase is BackendPhase.STARTING:
            self.panel.show_message("starting the backend…", tone="waiting")
            return
        if state.phase is BackendPhase.FAILED:
            self.panel.show_message(f"the backend did not start: {state.message}", tone="error")
            return
        try:
            rows = await self.fetch_rows(self.console.backend, self.console.clock())
        except Unavailable as error:  # a part the backend lacks: an explanation, not an alarm
            self.panel.show_message(error_text(error), tone="calm")
        except BackendError as error:
            self.panel.show_message(error_text(error), tone="error")
            self.notify(error_text(error), severity="error", markup=False)
        else:
            self.panel.show_rows(rows)
            self.console.remember_rows(self.MODE, rows)
            self._show_title()
            self._apply_wanted_key()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading: say so in the panel, never a traceback."""
        if event.worker is self._loader and event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("unknown error")
            text = f"could not load {self.MODE}: {error_text(error)}"
            self.panel.show_message(text, tone="error")
