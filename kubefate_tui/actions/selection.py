"""The object an action is about, as the screen showing it knows it."""

from __future__ import annotations

from dataclasses import dataclass


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
