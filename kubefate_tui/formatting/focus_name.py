"""What the user calls the part of the screen that has the focus (`?` names it in its title).

A widget class says it with `FOCUS_NAME`; a widget without one (a text field of the command
line, a tab) is named by the nearest ancestor that has one.
"""

from __future__ import annotations

from textual.dom import DOMNode


def focus_name(node: DOMNode | None) -> str:
    """`the list`, `the command line`, `the logs`…; "" when nothing names it."""
    while node is not None:
        name: str = getattr(type(node), "FOCUS_NAME", "")
        if name:
            return name
        node = node.parent
    return ""
