"""A cluster's logs as a panel: pick a container, tail, follow, search, wrap, save.

The panel reads through the Backend only: `get_cluster` for the container names (Info §2.8),
`cluster_logs` for a snapshot and `follow_logs` for a stream (closed with `aclose()` whenever
the options change, following stops or the panel goes away). Streamed lines are gathered and
handed to the view in batches, so a busy cluster costs a redraw every 50 ms, not per line.
The lines held are bounded (oldest dropped, the header says how many); the view draws only the
rows on screen, so 50,000 lines scroll as fast as 50. Reading starts the first time the panel
is shown (a Logs tab that is never opened costs nothing).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from backend.errors import BackendError
from backend.interface import Backend
from backend.models import LogQuery
from kubefate_tui.dialogs.save_log_dialog import SavedLog, SaveLogDialog
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.widgets.logs.log_header import LogHeader, StreamState
from kubefate_tui.widgets.logs.log_lines import DEFAULT_LIMIT, HeldLines, clean_line, line_time
from kubefate_tui.widgets.logs.log_lines import split_log_text as split_lines
from kubefate_tui.widgets.logs.log_view import LogView

TAILS: tuple[int | None, ...] = (100, 500, 2000, None)
"""What `t` cycles through (None: every line the containers still have)."""

DEFAULT_TAIL = 500

FLUSH_DELAY = 0.05
"""How long streamed lines gather before they are drawn (seconds)."""

ALL_CONTAINERS = ""
"""The container choice meaning every container of every pod (LogQuery's empty container)."""


def next_tail(tail: int | None) -> int | None:
    """The tail after `tail` in `TAILS` (back to the first after "all")."""
    index = TAILS.index(tail) if tail in TAILS else -1
    return TAILS[(index + 1) % len(TAILS)]


def container_names(info: dict[str, Any] | None) -> list[str]:
    """The container names of a cluster's Info (§2.8 `status.containers`), sorted."""
    status = (info or {}).get("status")
    containers = status.get("containers") if isinstance(status, dict) else None
    return sorted(containers) if isinstance(containers, dict) else []


async def _close(lines: AsyncIterator[str]) -> None:
    """Close a followed stream (its connections) if it can be closed."""
    close = getattr(lines, "aclose", None)
    if close is not None:
        await close()


class LogSearchInput(Input):
    """The search line: enter searches, esc closes it without changing the search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", id="logs.search_cancel"),
    ]

    class Cancelled(Message):
        """Esc was pressed in the search line."""

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())


class LogPanel(Widget):
    """The logs of one cluster, with the keys of a log viewer; for the cluster detail screen."""

    FOCUS_NAME = "the logs"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "toggle_follow", "Follow", id="logs.follow"),
        Binding("t", "cycle_tail", "Tail", id="logs.tail"),
        Binding("T", "toggle_timestamps", "Timestamps", key_display="T", id="logs.timestamps"),
        Binding("w", "toggle_wrap", "Wrap", id="logs.wrap"),
        Binding("c", "pick_container", "Container", id="logs.container"),
        Binding("slash", "search", "Search", key_display="/", id="logs.search"),
        Binding("n", "next_match", "Next match", show=False, id="logs.next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="logs.previous_match"),
        Binding(
            "ampersand",
            "toggle_filter",
            "Only matching lines",
            key_display="&",
            show=False,
            id="logs.filter",
        ),
        Binding("s", "save", "Save", id="logs.save"),
        Binding("r", "reload", "Reload logs", show=False, id="logs.reload"),
    ]

    DEFAULT_CSS = """
    LogPanel {
        height: 1fr;
        layout: vertical;
        #log-bar { height: auto; background: $panel; }
        #log-container { width: 30; }
        #log-header { width: 1fr; height: auto; padding: 0 1; color: $foreground; }
        #log-message { height: auto; padding: 1 2; color: $text-muted; display: none; }
        #log-search { display: none; }
        &.-message #log-message { display: block; }
        &.-searching #log-search { display: block; }
    }
    """

    def __init__(
        self, backend: Backend, cluster_uuid: str, cluster_name: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.cluster_uuid = cluster_uuid
        self.cluster_name = cluster_name
        self.held = HeldLines(DEFAULT_LIMIT)
        self.container = ALL_CONTAINERS
        self.tail: int | None = DEFAULT_TAIL
        self.timestamps = False
        self.following = True
        self.state = StreamState.READING
        self.failure = ""
        """What went wrong reading the logs ("" when nothing did)."""
        self._started = False
        self._generation = 0  # bumped per read: a stale read's late news is ignored
        self._pending: list[str] = []
        self._flush_timer: Timer | None = None
        self._filter_after_search = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-bar"):
            yield Select(
                [("all containers", ALL_CONTAINERS)],
                value=ALL_CONTAINERS,
                allow_blank=False,
                compact=True,
                id="log-container",
            )
            yield Static("", id="log-header", markup=False)
        # The message goes above the lines, which stay (and keep the focus) while it shows.
        yield Static("", id="log-message", markup=False)
        yield LogView(self.held, id="log-view")
        yield LogSearchInput(
            placeholder="search (smart case) · enter finds · esc closes", id="log-search"
        )

    @property
    def view(self) -> LogView:
        """The widget drawing the lines."""
        return self.query_one(LogView)

    @property
    def header_text(self) -> str:
        """What the header line says."""
        return str(self.query_one("#log-header", Static).content)

    @property
    def message(self) -> str:
        """The message shown above the lines (a failure, "reading…", "no lines"), or ""."""
        return (
            str(self.query_one("#log-message", Static).content)
            if self.has_class("-message")
            else ""
        )

    def on_mount(self) -> None:
        self._show_state()

    def on_show(self, event: events.Show) -> None:
        """Read the logs the first time the panel is on screen."""
        if not self._started:
            self._started = True
            focused = self.screen.focused
            if focused is None or focused is self.query_one("#log-container"):
                self.view.focus()  # the lines, not the picker auto-focus chose (keys act there)
            self.load_containers()
            self.reload()

    # --- reading ----------------------------------------------------------------------------------
    def log_query(self) -> LogQuery:
        """The LogQuery the panel reads with now."""
        return LogQuery(container=self.container, tail=self.tail, timestamps=self.timestamps)

    def reload(self) -> None:
        """Drop the held lines and read them again with the current options."""
        self._generation += 1
        self._pending.clear()
        self.held.clear()
        self.failure = ""
        self.state = StreamState.READING
        self.view.current = None
        self.view.relayout()
        self._show_state()
        self._read(self._generation)

    @work(group="log-read", exclusive=True, exit_on_error=False)
    async def _read(self, generation: int) -> None:
        try:
            if self.following:
                await self._follow(generation)
            else:
                text = await self.backend.cluster_logs(self.cluster_uuid, self.log_query())
                # In a thread: a tail of "all" may be millions of lines to clean.
                self._arrived(generation, await asyncio.to_thread(split_lines, text))
                self._finished(generation, StreamState.PAUSED)
        except BackendError as error:
            self._failed(generation, error_text(error))
        except Exception as error:  # unexpected: still a message in place, never a traceback
            self._failed(generation, f"unexpected error: {error_text(error)}")

    async def _follow(self, generation: int) -> None:
        lines = self.backend.follow_logs(self.cluster_uuid, self.log_query())
        try:
            async for line in lines:
                self._pending.append(clean_line(line))
                if self._flush_timer is None:
                    self._flush_timer = self.set_timer(FLUSH_DELAY, self._flush)
        finally:
            await _close(lines)
        self._flush()
        self._finished(generation, StreamState.ENDED)

    def _arrived(self, generation: int, lines: list[str]) -> None:
        if generation == self._generation:
            self._pending.extend(lines)
            self._flush()

    def _finished(self, generation: int, state: StreamState) -> None:
        if generation == self._generation:
            self.state = state
            self.following = False
            self._show_state()

    def _failed(self, generation: int, text: str) -> None:
        if generation == self._generation:
            self._flush()
            self.failure = f"Could not read the logs of {self.cluster_name}: {text}"
            self.state = StreamState.STOPPED
            self._show_state()

    def _flush(self) -> None:
        """Hand the gathered lines to the view; keep the newest in view unless scrolled up."""
        self._flush_timer = None
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        view = self.view
        keep_end = view.at_end
        self.held.extend(batch)
        view.lines_changed(keep_end_in_view=keep_end)
        if self.state is StreamState.READING and self.following:
            self.state = StreamState.FOLLOWING
        self._show_state()

    def stop_following(self) -> None:
        """Close the stream and keep the lines held (the header then says paused)."""
        self._generation += 1
        self.workers.cancel_group(self, "log-read")
        self._flush()
        self.following = False
        if self.state is not StreamState.STOPPED:
            self.state = StreamState.PAUSED
        self._show_state()

    @work(group="log-containers", exclusive=True, exit_on_error=False)
    async def load_containers(self) -> None:
        """Offer the cluster's containers (Info §2.8); without Info, only "all containers"."""
        try:
            cluster = await self.backend.get_cluster(self.cluster_uuid)
        except Exception:  # the log read says what is wrong; the picker just stays short
            return
        self.set_containers(container_names(cluster.info))

    def set_containers(self, names: list[str]) -> None:
        """Offer `names` in the container picker (the choice stays if still offered)."""
        picker: Select[str] = self.query_one("#log-container", Select)
        options = [("all containers", ALL_CONTAINERS), *((name, name) for name in names)]
        with picker.prevent(Select.Changed):  # a new option list is not the user's pick
            picker.set_options(options)
            picker.value = self.container if self.container in names else ALL_CONTAINERS

    @on(Select.Changed, "#log-container")
    def _container_picked(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else ALL_CONTAINERS
        if value != self.container:
            self.container = value
            self.reload()
            self.view.focus()

    # --- what is shown ----------------------------------------------------------------------------
    def _state_now(self) -> StreamState:
        if self.state is StreamState.FOLLOWING and not self.view.at_end:
            return StreamState.SCROLLED_UP
        return self.state

    def header(self) -> LogHeader:
        """The header's facts as they are now."""
        held, view = self.held, self.view
        current = view.current
        return LogHeader(
            cluster=self.cluster_name,
            container=self.container,
            held=len(held),
            dropped=held.dropped,
            tail=self.tail,
            first_time=line_time(held[0]) if self.timestamps and len(held) else None,
            state=self._state_now(),
            wrap=view.wrap,
            timestamps=self.timestamps,
            search=held.search_term,
            match_ordinal=None if current is None else held.match_ordinal(current),
            match_count=len(held.matches),
            filtering=view.filtering,
        )

    def _show_state(self) -> None:
        self.query_one("#log-header", Static).update(self.header().text())
        message = self._message_text()
        self.query_one("#log-message", Static).update(message)
        self.set_class(bool(message), "-message")

    def _message_text(self) -> str:
        if self.failure:
            return f"{self.failure}\n\nPress r to try again."
        if len(self.held) or not self._started:
            return ""
        if self.state is StreamState.READING:
            return "Reading the logs…"
        if self.following:
            return "No log lines yet; new lines appear here as the containers write them."
        return "No log lines (press t for more, r to read again, f to follow)."

    def on_log_view_end_reached(self) -> None:
        self._show_state()  # "following" / "following, scrolled up" changed

    # --- actions ----------------------------------------------------------------------------------
    def action_toggle_follow(self) -> None:
        """Follow (reading the tail again, then new lines), or stop and keep what is held."""
        if self.following:
            self.stop_following()
        else:
            self.following = True
            self.reload()

    def action_cycle_tail(self) -> None:
        self.tail = next_tail(self.tail)
        self.reload()

    def action_toggle_timestamps(self) -> None:
        self.timestamps = not self.timestamps
        self.reload()

    def action_toggle_wrap(self) -> None:
        self.view.wrap = not self.view.wrap
        self._show_state()

    def action_reload(self) -> None:
        self.reload()

    def action_pick_container(self) -> None:
        picker: Select[str] = self.query_one("#log-container", Select)
        picker.focus()
        picker.action_show_overlay()

    def action_search(self) -> None:
        self._filter_after_search = False
        self._open_search()

    def _open_search(self) -> None:
        search = self.query_one(LogSearchInput)
        search.value = self.held.search_term
        self.add_class("-searching")
        search.focus()

    @on(Input.Submitted, "#log-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self.search(event.value)
        if self._filter_after_search and self.held.search_term:
            self.view.filtering = True
            self.view.scroll_to_number(self.view.current)
            self._show_state()

    @on(LogSearchInput.Cancelled)
    def _search_cancelled(self) -> None:
        self._close_search()

    def _close_search(self) -> None:
        self.remove_class("-searching")
        self.view.focus()

    def search(self, term: str) -> None:
        """Mark `term` in the lines and go to the nearest match; "" stops searching."""
        view = self.view
        self.held.search(term)
        view.current = None
        if not term:
            view.filtering = False
        view.relayout() if view.filtering else view.refresh()
        if self.held.matches:
            self._go_to(self._first_match())
        self._show_state()

    def _first_match(self) -> int | None:
        """The newest match when reading the end, else the first at or below the top line."""
        view, held = self.view, self.held
        top = view.top_number()
        if view.at_end or top is None:
            return held.matches[-1]
        return held.match_after(top - 1)

    def _go_to(self, number: int | None) -> None:
        view = self.view
        view.current = number
        view.scroll_to_number(number)
        view.refresh()
        self._show_state()

    def _step(self, pick: Callable[[int], int | None], fallback: int) -> None:
        if not self.held.search_term:
            self.notify("Nothing searched yet: press / to search.", markup=False)
            return
        current = self.view.current
        self._go_to(pick(fallback if current is None else current))

    def action_next_match(self) -> None:
        top = self.view.top_number()
        self._step(self.held.match_after, -1 if top is None else top - 1)

    def action_previous_match(self) -> None:
        self._step(self.held.match_before, self.held.end_number)

    def action_toggle_filter(self) -> None:
        """Show only the lines matching the search (asking for a term if there is none)."""
        if not self.held.search_term:
            self._filter_after_search = True
            self._open_search()
            return
        view = self.view
        view.filtering = not view.filtering
        view.scroll_to_number(view.current) if view.current is not None else view.action_bottom()
        self._show_state()

    def action_save(self) -> None:
        """Ask for a file and write the held lines there."""
        if not len(self.held):
            self.notify("No log lines to save.", severity="warning", markup=False)
            return
        clock: Callable[[], datetime] = getattr(self.app, "clock", datetime.now)
        name = f"{self.cluster_name}-{clock():%Y%m%d-%H%M%S}.log"
        self.app.push_screen(SaveLogDialog(self.held.snapshot(), name), self._saved)

    def _saved(self, saved: SavedLog | None) -> None:
        if saved is not None:
            self.notify(
                f"Saved {saved.line_count:,} lines to {saved.path}", title="Logs", markup=False
            )
