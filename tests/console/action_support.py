"""What the action tests share: screens that mix in the actions, file picking, toasts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from backend.embedded import EmbeddedBackend
from kubefate_tui.actions.cluster_actions import CLUSTER_BINDINGS, ClusterActions
from kubefate_tui.actions.job_actions import JOB_BINDINGS, JobActions
from kubefate_tui.actions.selection import SelectedCluster, SelectedJob
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.file_picker import FilePicker
from tests.offline_backend import offline_options

from .conftest import wait_until

S = TypeVar("S", bound=Screen[Any])


class PickedCluster(ClusterActions, Screen[None]):
    """A screen showing one cluster (or none): the actions' view of a clusters screen."""

    BINDINGS: ClassVar[list[BindingType]] = CLUSTER_BINDINGS

    def __init__(self, selected: SelectedCluster | None) -> None:
        super().__init__()
        self.selected = selected

    def selected_cluster(self) -> SelectedCluster | None:
        return self.selected

    def compose(self) -> ComposeResult:
        yield Static("one cluster")
        yield Footer()


class PickedJob(JobActions, Screen[None]):
    """A screen showing one job."""

    BINDINGS: ClassVar[list[BindingType]] = JOB_BINDINGS

    def __init__(self, selected: SelectedJob | None) -> None:
        super().__init__()
        self.selected = selected

    def selected_job(self) -> SelectedJob | None:
        return self.selected

    def compose(self) -> ComposeResult:
        yield Static("one job")
        yield Footer()


def embedded(db_path: Path, **overrides: object) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path, **overrides))


def toasts(messages: list[Message]) -> list[str]:
    """The notifications posted so far, oldest first."""
    return [m.notification.message for m in messages if isinstance(m, Notify)]


async def wait_for_toast(pilot: Pilot[None], messages: list[Message], part: str) -> str:
    """The first toast containing `part` (waits for it)."""

    def found() -> str | None:
        return next((text for text in toasts(messages) if part in text), None)

    await wait_until(pilot, lambda: found() is not None, f"a toast saying {part!r}")
    text = found()
    assert text is not None
    return text


async def wait_for_screen(pilot: Pilot[None], kind: type[S]) -> S:
    """The screen on top once it is a `kind`."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, kind), f"a {kind.__name__}")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, kind)
    return screen


async def pick_by_path(pilot: Pilot[None], path: Path | str) -> FilePicker:
    """Type `path` into the open file picker and press enter; returns the picker."""
    picker = await wait_for_screen(pilot, FilePicker)
    field = picker.query_one("#picker-path", Input)
    field.focus()
    field.value = str(path)
    await pilot.press("enter")
    await pilot.pause()
    return picker


async def show(pilot: Pilot[None], screen: Screen[None]) -> None:
    """Push `screen` over the current mode and let it mount."""
    app = pilot.app
    assert isinstance(app, KubefateApp)
    await app.push_screen(screen)
    await pilot.pause()
