"""Starts the live parts that do not belong to one screen, once the backend is ready."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from textual.app import App

from kubefate_tui.live.job_finish_watch import JobFinishWatch
from kubefate_tui.live.visible_panel_poll import VisiblePanelPoll
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.console_host import console_host

LOAD_CHECK = 0.1
"""How often to look whether the lists on screen have loaded."""


async def first_loads_done(app: App[Any], limit: float) -> None:
    """Until no list screen of the app is loading (or `limit` seconds have passed)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(
        isinstance(screen, ResourceScreen) and screen.is_loading for screen in app.screen_stack
    ):
        await asyncio.sleep(LOAD_CHECK)


@dataclass(frozen=True, slots=True)
class LiveUpdates:
    """What `start_live_updates` started (each runs in a worker of the app until it exits)."""

    finish_watch: JobFinishWatch
    panel_poll: VisiblePanelPoll


def start_live_updates(app: App[Any]) -> LiveUpdates:
    """Toasts for finished jobs, and the polling of a visible list that the backend's change
    events do not cover (every list in remote mode but clusters and jobs; namespaces always),
    at the intervals of the app's `pacing`."""
    host = console_host(app)
    pacing = host.pacing
    watch = JobFinishWatch(
        host.backend,
        host.announce_finished_job,
        before_seed=lambda: first_loads_done(app, pacing.first_loads_wait),
    )
    app.run_worker(watch.run(), group="job-finish-watch", exclusive=True, exit_on_error=False)
    poll = VisiblePanelPoll(app, pacing.panel_poll)
    app.run_worker(poll.run(), group="visible-panel-poll", exclusive=True, exit_on_error=False)
    return LiveUpdates(watch, poll)
