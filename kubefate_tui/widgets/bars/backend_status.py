"""The top line of every screen: which backend the console drives, and whether it is up.

Embedded: `starting…`, then `ready` (or `failed: <reason>`); `ready · no cluster: <why>` when
there is no Kubernetes cluster to deploy to. Remote, once started: the state of
the connection to the service, as the backend reports it (`Backend.watch_connection`):
`connected`, `unreachable: <reason> · retrying in 4s` while the service cannot be reached, then
`reconnected` for a moment when it answers again, and `connected`. A service polled for its
changes (no change feed) also has the list on screen said with its age, `list read 4 s ago ·
connected`: its rows are as old as that.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from backend.interface import Backend, BackendDescription, BackendKind, ConnectionReport
from kubefate_tui.state.backend_state import STARTING, BackendPhase, BackendState

RECONNECTED_SECONDS = 3.0
"""How long `reconnected` stays before the line says `connected` again."""


class LinkLook(StrEnum):
    """How the connection to a remote service looks on the line (also its CSS class)."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    UNREACHABLE = "unreachable"
    RECONNECTED = "reconnected"


def describe_backend(description: BackendDescription) -> str:
    """`kubefate-tui · embedded · db /path/kubefate.db · user admin · read-only` (or a URL)."""
    where = "db" if description.kind is BackendKind.EMBEDDED else "url"
    parts = ["kubefate-tui", description.kind.value, f"{where} {description.location}"]
    if description.username:
        parts.append(f"user {description.username}")
    if description.kube_context:
        parts.append(f"context {description.kube_context}")  # a problem shows with the state
    if description.read_only:
        parts.append("read-only")
    return " · ".join(parts)


def list_age_text(read_at: float | None, now: float) -> str:
    """`list read 4 s ago` for a list read at `read_at` (time.monotonic()); "" for none."""
    if read_at is None:
        return ""
    return f"list read {max(0, int(now - read_at))} s ago"


def link_text(look: LinkLook, report: ConnectionReport, retry_in: float | None) -> str:
    """`connected`, `unreachable: <reason> · retrying in 4s`, `reconnected`, `connecting…`."""
    if look is LinkLook.CONNECTING:
        return "connecting…"
    if look is not LinkLook.UNREACHABLE:
        return look.value
    text = f"unreachable: {report.reason}" if report.reason else "unreachable"
    if retry_in is None:
        return f"{text} · retrying"
    seconds = math.ceil(retry_in)
    return f"{text} · retrying in {seconds}s" if seconds > 0 else f"{text} · retrying now"


class BackendStatus(Horizontal):
    """Shows the backend description and follows `App.backend_state` (see KubefateApp) and,
    for a backend that talks to a service, the connection to it."""

    DEFAULT_CSS = """
    BackendStatus {
        height: auto;
        background: $panel;
        padding: 0 1;
        /* The state comes first: it shows whole at the right, wrapping onto more lines when
           it is long (a failure's reason is read from its start), and the description takes
           what is left, cut with an ellipsis. */
        #backend-description {
            width: 1fr; height: 1; color: $text; text-wrap: nowrap; text-overflow: ellipsis;
        }
        #backend-state {
            width: auto; max-width: 75%; height: auto; padding-left: 2; color: $text-warning;
        }
        &.-ready #backend-state { color: $text-success; }
        &.-ready.-no-cluster #backend-state { color: $text-warning; text-style: bold; }
        &.-failed #backend-state { color: $text-error; text-style: bold; }
        &.-ready.-connecting #backend-state { color: $text-warning; }
        &.-ready.-unreachable #backend-state { color: $text-error; text-style: bold; }
        &.-ready.-reconnected #backend-state { color: $text-accent; text-style: bold; }
    }
    """

    def __init__(
        self, description: BackendDescription, reconnected_seconds: float = RECONNECTED_SECONDS
    ) -> None:
        super().__init__()
        self.description = description
        self.reconnected_seconds = reconnected_seconds
        """How long `reconnected` stays (the app's `pacing.reconnected`)."""
        self.state = STARTING
        self.report: ConnectionReport | None = None
        self.look = LinkLook.CONNECTING
        self._retry_at: float | None = None  # time.monotonic() of the next try, when known
        self._reconnected_at = 0.0
        self._stop_watching: Callable[[], None] | None = None
        self._ticker: Timer | None = None

    @property
    def follows_connection(self) -> bool:
        """True when the backend reports a connection to a service (and the line shows it)."""
        return self.description.capabilities.connection_reports

    def compose(self) -> ComposeResult:
        yield Static(describe_backend(self.description), id="backend-description", markup=False)
        yield Static(STARTING.summary, id="backend-state", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "backend_state", self.show_state, init=True)
        backend = getattr(self.app, "backend", None)
        if self.follows_connection and isinstance(backend, Backend):
            self._ticker = self.set_interval(1.0, self._render_state, pause=True)
            self.set_interval(1.0, self._tell_list_age)  # the age counts up between reads
            self._stop_watching = backend.watch_connection(self.show_connection)

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()
            self._stop_watching = None

    def show_state(self, state: BackendState) -> None:
        """Render `state`; called whenever the app's backend state changes."""
        self.state = state
        backend = getattr(self.app, "backend", None)
        if state.phase is not BackendPhase.STARTING and isinstance(backend, Backend):
            self._describe(backend.describe())  # a started backend may say more (kube context)
        for phase in BackendPhase:
            self.set_class(state.phase is phase, f"-{phase.value}")
        self._render_state()

    def _describe(self, description: BackendDescription) -> None:
        if description != self.description:
            self.description = description
            self.set_class(bool(description.kube_problem), "-no-cluster")
            for line in self.query("#backend-description").results(Static):
                line.update(describe_backend(description))

    def show_connection(self, report: ConnectionReport) -> None:
        """Render a connection report of the remote backend (called on each change)."""
        was_unreachable = self.look is LinkLook.UNREACHABLE
        self.report = report
        self._retry_at = None
        if report.connected is None:
            self.look = LinkLook.CONNECTING
        elif not report.connected:
            self.look = LinkLook.UNREACHABLE
            if report.retry_in is not None:
                self._retry_at = time.monotonic() + report.retry_in
        elif was_unreachable or self.look is LinkLook.RECONNECTED:
            if was_unreachable:
                self._reconnected_at = time.monotonic()
                self.set_timer(self.reconnected_seconds, self._end_reconnected)
            self.look = LinkLook.RECONNECTED
        else:
            self.look = LinkLook.CONNECTED
        for look in LinkLook:
            self.set_class(self.look is look, f"-{look.value}")
        if self._ticker is not None:  # count the seconds down only while there is a retry
            if self._retry_at is None:
                self._ticker.pause()
            else:
                self._ticker.resume()
        self._render_state()

    def _tell_list_age(self) -> None:
        if self.description.capabilities.polled and self.state.list_read_at is not None:
            self._render_state()

    def _end_reconnected(self) -> None:
        if (
            self.look is LinkLook.RECONNECTED
            and time.monotonic() - self._reconnected_at >= self.reconnected_seconds - 0.05
        ):
            self.look = LinkLook.CONNECTED
            self.set_class(False, f"-{LinkLook.RECONNECTED.value}")
            self.set_class(True, f"-{LinkLook.CONNECTED.value}")
            self._render_state()

    @property
    def summary(self) -> str:
        """What the line says about the backend: its phase, or the remote connection."""
        if self.state.phase is not BackendPhase.READY:
            return self.state.summary
        if not self.follows_connection:
            problem = self.description.kube_problem
            return f"{self.state.summary} · {problem}" if problem else self.state.summary
        report = self.report or ConnectionReport(None)
        retry_in = None if self._retry_at is None else self._retry_at - time.monotonic()
        link = link_text(self.look, report, retry_in)
        if not self.description.capabilities.polled:  # pushed changes: the list is current
            return link
        age = list_age_text(self.state.list_read_at, time.monotonic())
        return f"{age} · {link}" if age else link

    def _render_state(self) -> None:
        # Called from on_mount too (where `is_mounted` is still False), and from the
        # connection listener, which may outlive the widget by a moment: no line, no update.
        for line in self.query("#backend-state").results(Static):
            line.update(self.summary)

    @property
    def text(self) -> str:
        """The whole line as plain text (what a reader of the screen sees)."""
        return f"{describe_backend(self.description)}  {self.summary}"
