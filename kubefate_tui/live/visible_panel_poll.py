"""The visible list reloads on its own when the backend's change events do not cover it.

A backend says which kinds its events cover (`Capabilities.event_kinds`). A KubeFATE service has
no push channel: the remote backend polls jobs and clusters and turns the differences into
events, so its charts, users and namespaces have none (`kubefate-tui serve` pushes every kind
but namespaces); no backend has events for namespaces
(they live in Kubernetes, created by anyone). While such a list is the screen on top, it
reloads every `interval` seconds, the next reload scheduled after the last
one finished. Nothing is polled for a screen that is not visible, and nothing while the service
cannot be reached (the backend's own poller backs off meanwhile). When it answers again, every
screen of the current mode reloads at once: one that could only say "cannot reach the service"
shows its objects again without a key press.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, TypeGuard

from backend.events import EntityKind
from backend.interface import ConnectionReport
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.console_host import console_host
from kubefate_tui.state.live_screen import LiveScreen

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


LOAD_CHECK = 0.05
"""How often to look whether a reload has finished."""


def needs_polling(
    screen: Screen[object], event_kinds: frozenset[EntityKind]
) -> TypeGuard[ResourceScreen[Any]]:
    """True for a list screen whose objects no change event (of `event_kinds`) reports."""
    return isinstance(screen, ResourceScreen) and not screen.KINDS & event_kinds


class VisiblePanelPoll:
    """Reloads the visible list of `app` while it needs it; see the module docstring."""

    def __init__(self, app: App[Any], interval: float) -> None:
        """`interval`: seconds between the end of one reload and the start of the next (the
        app's `pacing.panel_poll`)."""
        self.app = app
        self.interval = interval
        self.reachable = asyncio.Event()
        self.reachable.set()
        self.reloads = 0

    def _on_connection(self, report: ConnectionReport) -> None:
        if report.connected is False:
            self.reachable.clear()
        elif not self.reachable.is_set():  # back after an outage
            self.reachable.set()
            for screen in self.app.screen_stack:
                if isinstance(screen, LiveScreen):
                    screen.request_reload()

    @property
    def event_kinds(self) -> frozenset[EntityKind]:
        """What the backend's events cover now: a remote service may gain or lose its change
        feed when it restarts."""
        return console_host(self.app).backend.describe().capabilities.event_kinds

    async def run(self) -> None:
        """Poll until cancelled (the app's worker does that on exit)."""
        stop = console_host(self.app).backend.watch_connection(self._on_connection)
        try:
            while True:
                await asyncio.sleep(self.interval)
                await self.reachable.wait()  # paused while the service is away
                await self.reload_visible()
        finally:
            stop()

    async def reload_visible(self) -> None:
        """Reload the screen on top if it needs polling, and wait until it has loaded."""
        screen = self.app.screen
        if not needs_polling(screen, self.event_kinds):  # asked each time: see event_kinds
            return
        screen.request_reload()
        self.reloads += 1
        while screen.is_loading and screen.is_attached:
            await asyncio.sleep(LOAD_CHECK)
