"""The console's modes: name, heading, and where each one's screen lives.

A mode's screen module is imported the first time the mode is shown, so the first frame pays
only for the mode it opens (the others bring actions, dialogs and detail screens with them).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, cast

from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Mode:
    """One mode: `name` is what `:` takes, `heading` what the keys and panel say."""

    name: str
    heading: str
    module: str
    class_name: str
    in_footer: bool = True
    """False for a mode whose key works but is not listed in every screen's footer."""

    def screen_class(self) -> type[Screen[Any]]:
        """The mode's screen class (importing its module on first use)."""
        return cast(
            "type[Screen[Any]]", getattr(importlib.import_module(self.module), self.class_name)
        )

    def new_screen(self) -> Screen[Any]:
        """A fresh screen for the mode (Textual calls this when the mode is first shown,
        inside the running app)."""
        screen = self.screen_class()()
        # A new Screen counts its CSS updates from -1, so Textual re-parses and re-applies every
        # style sheet when it installs a mode's first screen (a pushed screen is spared that):
        # before the first frame, a few milliseconds for nothing. A screen made now is styled
        # from the current sheets as it mounts: it is as current as the app (textual==8.2.8).
        screen._css_update_count = screen.app._css_update_count
        return screen


def _mode(name: str, heading: str, screen: str, *, in_footer: bool = True) -> Mode:
    return Mode(name, heading, f"kubefate_tui.screens.{name}_screen", screen, in_footer)


MODES = (
    _mode("clusters", "Clusters", "ClustersScreen"),
    _mode("jobs", "Jobs", "JobsScreen"),
    _mode("charts", "Charts", "ChartsScreen"),
    _mode("namespaces", "Namespaces", "NamespacesScreen"),
    _mode("users", "Users", "UsersScreen"),
    # Several clusters as one federation: most consoles drive one cluster, so its key stays
    # out of the single-cluster screens' footers (`?` and `:federations` show it).
    _mode("federations", "Federations", "FederationsScreen", in_footer=False),
)
"""In key order: key 1 shows the first."""

CLUSTERS, JOBS, FEDERATIONS = MODES[0].name, MODES[1].name, MODES[5].name


def heading_of(name: str) -> str:
    """The heading of the mode `name` (its screen class says it too, from here)."""
    return next(mode.heading for mode in MODES if mode.name == name)
