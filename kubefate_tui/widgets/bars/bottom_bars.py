"""The bars at the bottom of a screen, stacked: the prompts above the footer.

Textual lays docked widgets of one edge over each other, so a prompt docked at the bottom beside
the footer is drawn under it and what the user types never shows. One docked container that
stacks its children keeps every bar visible: an open prompt sits right above the footer.
"""

from __future__ import annotations

from textual.containers import Vertical


class BottomBars(Vertical):
    """A bottom-docked stack of one-line bars (prompts, then the footer)."""

    DEFAULT_CSS = """
    BottomBars {
        dock: bottom;
        height: auto;
        /* The footer docks itself; in here it takes its row below the prompts instead. */
        & > Footer { dock: none; }
    }
    """
