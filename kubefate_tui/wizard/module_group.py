"""A module's keys on a wizard step, folded under the module's name.

Steps such as Network or Resources list dozens of keys over many modules; folded groups keep
the step short to read and cheap to lay out while typing (Textual lays out only what is open).
A group opens when it is entered, when one of its keys is focused, or when it holds a finding.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Collapsible

from kubefate_tui.wizard.add_row import AddRow
from kubefate_tui.wizard.field_row import FieldRow


class ModuleGroup(Collapsible):
    """The keys of `module` on this step."""

    DEFAULT_CSS = """
    ModuleGroup { padding: 0; border: none; margin: 0; }
    ModuleGroup > Contents { padding: 0 0 0 1; }
    """

    def __init__(self, module: str, help: str, *, expanded: bool) -> None:
        title = f"{module}: {help}" if help else module
        super().__init__(title=title[:100], collapsed=not expanded)
        self.module = module

    def add(self, widget: Widget) -> None:
        """Put `widget` in the group (before it is mounted)."""
        self.compose_add_child(widget)

    @property
    def expanded(self) -> bool:
        return not self.collapsed

    @expanded.setter
    def expanded(self, value: bool) -> None:
        self.collapsed = not value

    def paths(self) -> list[str]:
        """The paths of the keys and lists in the group."""
        return [
            widget.path for widget in self._contents_list if isinstance(widget, (FieldRow, AddRow))
        ]
