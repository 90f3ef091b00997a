"""The object an action is about, as the screen showing it knows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubefate_tui.widgets.tables.resource_panel import ResourcePanel


@dataclass(frozen=True, slots=True)
class SelectedCluster:
    """A cluster on screen: enough to name it in a question and to act on it."""

    uuid: str
    name: str
    namespace: str


@dataclass(frozen=True, slots=True)
class SelectedJob:
    """A job on screen."""

    uuid: str
    finished: bool


@dataclass(frozen=True, slots=True)
class SelectedChart:
    """A chart on screen: its uuid, the name and version it is known by, and whether it ships
    with kubefate-tui (a bundled chart cannot be deleted)."""

    uuid: str
    name: str
    version: str
    bundled: bool = False


@dataclass(frozen=True, slots=True)
class SelectedUser:
    """A user account on screen."""

    uuid: str
    username: str


def row_at_cursor(panel: ResourcePanel) -> tuple[str, tuple[str, ...]] | None:
    """The key and cells of the row under a panel's cursor; None when it shows no row."""
    if panel.message:
        return None
    table = panel.table
    key = table.cursor_key
    if key is None:
        return None
    return key, table.get_row(key)
