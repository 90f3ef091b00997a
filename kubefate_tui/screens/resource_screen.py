"""What every mode's screen shares: the status line, a table of objects, the command line."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from backend.errors import BackendError, Unavailable
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.listing.column_spec import Listing, RowContext
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.prompt_screen import FILTER_BINDING, PromptScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from kubefate_tui.widgets.bars.filter_bar import FilterBar
from kubefate_tui.widgets.tables.resource_panel import ResourcePanel, Tone
from kubefate_tui.widgets.tables.virtual_table import VirtualTable

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowPage(Generic[T]):
    """Some rows of a list, in order, as they are read; `total`: how many the list holds."""

    rows: list[TableRow[T]]
    total: int


class ResourceScreen(PromptScreen, Generic[T]):
    """The base screen of a mode: one kind of object, listed from the backend.

    Subclasses name the mode, the list's columns (`LISTING`) and the change events that
    concern them, and read the objects in `fetch_items`. Loading is coalesced (see
    coalesced_load). The panel sorts (`>`, `<`, `I`); the title says the order.

    A long list (`fetch_pages`) opens at its first page: while nothing is listed, each page is
    shown as it is read, below the ones before (the title says how far the load has got); a
    reload of a list already on screen swaps the new rows in whole once they are all read.
    """

    MODE: ClassVar[str]
    HEADING: ClassVar[str]
    LISTING: ClassVar[Listing[Any]]
    KINDS: ClassVar[frozenset[EntityKind]] = frozenset()

    BINDINGS: ClassVar[list[BindingType]] = [
        FILTER_BINDING,
        Binding("r", "reload", "Reload", id="screen.reload"),
    ]
    HAS_FILTER = True
    DETAIL = False
    """True when `enter` on a row opens that object's detail screen (`open_detail`)."""

    def __init__(self) -> None:
        super().__init__()
        self._loads: CoalescedLoad[str] = CoalescedLoad(
            self, lambda _parts: self._load_once(), group="resource-load"
        )
        self._wanted_key: str | None = None  # a row to put the cursor on once it is loaded
        self._progress: tuple[int, int] | None = None  # rows shown, rows in all, while loading
        self._read_at: float | None = None  # time.monotonic() when the last load finished

    @property
    def panel(self) -> ResourcePanel:
        """The table (or message) of this mode."""
        return self.query_one(ResourcePanel)

    def compose(self) -> ComposeResult:
        state = self.console.backend_state
        waiting = state.unready_text if state.phase is BackendPhase.STARTING else ""
        yield BackendStatus(self.console.backend.describe(), self.console.pacing.reconnected)
        yield ResourcePanel(self.HEADING, self.LISTING, waiting=waiting)

    def on_mount(self) -> None:
        # The bars below the panel come after the console's first frame: the footer alone (one
        # widget per key, rebuilt as focus settles) costs more than the rest of that frame.
        self.console.after_first_frame(self._mount_bars)

    def _mount_bars(self) -> None:
        """The command line, the filter bar and the footer (once; none on a screen that is
        gone by then, as when the console is quit while it starts)."""
        if self.is_attached and self.ensure_bottom_bars() is not None:
            # A footer draws its keys when the screen's bindings change; none will for a while.
            self.call_after_refresh(self.refresh_bindings)

    async def fetch_items(self, backend: Backend) -> Sequence[T]:
        """The objects to list, read from `backend`, in its order."""
        raise NotImplementedError

    async def row_context(self, backend: Backend, now: datetime) -> RowContext:
        """What the rows are built with beside their objects; `now` is the console's clock."""
        return RowContext(now)

    async def fetch_pages(self, backend: Backend, context: RowContext) -> AsyncIterator[RowPage[T]]:
        """The rows a page at a time, for lists long enough to show before they are all read;
        by default `fetch_items` as one page."""
        rows = self.LISTING.rows(await self.fetch_items(backend), context)
        yield RowPage(rows, len(rows))

    def item_at_cursor(self) -> T | None:
        """The object under the cursor (None when the list is empty or not shown)."""
        item: T | None = self.panel.item_at_cursor()
        return item

    def completion_words(self, rows: Sequence[TableRow[T]]) -> list[str]:
        """What the command line completes from this list (its keys by default)."""
        return [row.key for row in rows]

    def is_changed_by(self, event: ChangeEvent) -> bool:
        """True when `event` may change what this screen lists."""
        return event.action is ChangeAction.RESYNC or event.kind in self.KINDS

    def open_detail(self, key: str) -> None:
        """Show the detail screen of the object `key` (screens with `DETAIL = True`)."""

    def rows_shown(self, rows: list[TableRow[T]]) -> None:
        """Called once a load has put `rows` on screen: a hook for columns filled in later."""

    def on_virtual_table_row_selected(self, message: VirtualTable.RowSelected) -> None:
        message.stop()
        if self.DETAIL:
            self.open_detail(message.key)

    def on_screen_resume(self) -> None:
        self._say_read_at()
        self.request_reload()

    def on_screen_suspend(self) -> None:
        # A detail or another mode takes the screen: the age said was this list's.
        self.console.note_list_read(None)

    def _say_read_at(self) -> None:
        """Tell the app when this list was read, while it is the one on screen."""
        if self._read_at is not None and self.is_current:
            self.console.note_list_read(self._read_at)

    def action_reload(self) -> None:
        self.request_reload()

    # --- filter and selection --------------------------------------------------------------
    def current_filter(self) -> str:
        return self.panel.table.filter_text

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

    def on_resource_panel_order_changed(self, message: ResourcePanel.OrderChanged) -> None:
        message.stop()
        self._show_title()

    def on_filter_bar_closed(self, message: FilterBar.Closed) -> None:
        message.stop()
        self.panel.table.focus()

    def _show_title(self) -> None:
        """The panel's title with the count, and the filter when there is one."""
        panel, table = self.panel, self.panel.table
        if panel.message:
            return
        order = f" · {panel.order_text}" if panel.order_text else ""
        if self._progress is not None:
            loaded, total = self._progress
            shown = f"{table.row_count:,} shown, " if table.filter_text else ""
            found = f" /{table.filter_text}" if table.filter_text else ""
            progress = f"loading {loaded:,} of {max(loaded, total):,}…"
            panel.border_title = f"{self.HEADING} ({shown}{progress}){found}{order}"
        elif table.filter_text:
            count = f"{table.row_count} of {table.total_row_count}"
            panel.border_title = f"{self.HEADING} ({count}) /{table.filter_text}{order}"
        else:
            panel.border_title = f"{self.HEADING} ({table.total_row_count}){order}"

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
        return self._loads.is_loading

    def request_reload(self) -> None:
        """Load the rows again, now or as soon as the load in progress ends."""
        self._loads.request()

    async def _load_once(self) -> None:
        state = self.console.backend_state
        if state.unready_text:
            tone: Tone = "error" if state.phase is BackendPhase.FAILED else "waiting"
            self.panel.show_message(state.unready_text, tone=tone)
            return
        # Shown as the pages come when nothing is listed yet (a long list opens at its first
        # page); a reload of a list on screen swaps in whole, so the rows never flicker.
        progressive = bool(self.panel.message) or self.panel.table.total_row_count == 0
        rows: list[TableRow[T]] = []
        backend = self.console.backend
        try:
            context = await self.row_context(backend, self.console.clock())
            async for page in self.fetch_pages(backend, context):
                first = not rows
                rows.extend(page.rows)
                if progressive:
                    self._show_page(
                        page.rows, context, first=first, progress=(len(rows), page.total)
                    )
        except BackendError as error:
            self._load_failed(error, keep_rows=not progressive)
        else:
            if not progressive or not rows:
                self.panel.show_rows(rows, context)
            else:
                self.panel.show_in_order()
            self.panel.border_subtitle = ""
            self.console.remember_words(self.MODE, self.completion_words(rows))
            self._progress = None
            self._show_title()
            self._apply_wanted_key()
            self._read_at = time.monotonic()
            self._say_read_at()
            self.rows_shown(rows)
        finally:
            self._progress = None

    def _load_failed(self, error: BackendError, *, keep_rows: bool) -> None:
        """A failed reload of a list on screen keeps its rows (the service may be gone for a
        moment: the header says so) and names the failure under the panel; with nothing
        listed, the failure takes the panel's place."""
        text = error_text(error)
        if keep_rows:
            self.panel.border_subtitle = f"not reloaded: {text}"
        elif isinstance(error, Unavailable):  # a part the backend lacks: no alarm
            self.panel.show_message(text, tone="calm")
        else:
            self.panel.show_message(text, tone="error")
            self.notify(text, severity="error", markup=False)

    def _show_page(
        self,
        rows: list[TableRow[T]],
        context: RowContext,
        *,
        first: bool,
        progress: tuple[int, int],
    ) -> None:
        """Show one more page of a list being loaded, saying how far the load has got."""
        if first:
            self.panel.show_rows(rows, context)
        else:
            self.panel.append_rows(rows)
        self._progress = progress if progress[0] < progress[1] else None
        self._show_title()
        self._apply_wanted_key()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading: say so in the panel, never a traceback."""
        if event.worker is self._loads.worker and event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("unknown error")
            text = f"could not load {self.MODE}: {error_text(error)}"
            self.panel.show_message(text, tone="error")
