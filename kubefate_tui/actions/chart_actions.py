"""Upload, delete and read charts from the Charts screen.

* `CHART_BINDINGS`: upload (`a`/`u`, `chart.upload`), delete (`ctrl+d`, `chart.delete`) and
  the values-template example (`v`, `chart.example`; `enter` on a row shows it too).
* `ChartActions`: a mixin for a Screen that implements `selected_chart()`.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.binding import Binding, BindingType

from kubefate_tui.actions.change_actions import ChangeActions
from kubefate_tui.actions.selection import SelectedChart
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.file_picker import FilePicker
from kubefate_tui.dialogs.text_view import TextView
from kubefate_tui.formatting.read_error_text import read_error_reason

CHART_BINDINGS: list[BindingType] = [
    Binding("a,u", "upload_chart", "Upload", id="chart.upload"),
    Binding("ctrl+d", "delete_chart", "Delete", id="chart.delete"),
    Binding("v", "view_chart_example", "Example", id="chart.example"),
]

CHART_SUFFIXES = (".tgz",)
"""What `helm package` writes."""


class ChartActions(ChangeActions):
    """Mixin: the chart actions of a screen that can say which chart is selected."""

    CHANGES: ClassVar[dict[str, str]] = {
        "upload_chart": "upload chart",
        "delete_chart": "delete chart",
    }

    def selected_chart(self) -> SelectedChart | None:
        """The chart the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_upload_chart(self) -> None:
        """Upload a chart archive picked from disk."""
        self.begin_change("upload_chart", self._upload_chart)

    async def action_delete_chart(self) -> None:
        """Delete the selected chart."""
        self.begin_change("delete_chart", self._delete_chart)

    async def action_view_chart_example(self) -> None:
        """Show the selected chart's values-template example (a cluster.yaml to start from)."""
        self.run_steps("show the values-template example", self._view_chart_example)

    def _selected_or_say(self, what: str) -> SelectedChart | None:
        selected = self.selected_chart()
        if selected is None:
            self.say("no chart selected", severity="warning", title=what)
        return selected

    async def _upload_chart(self) -> None:
        title = "Upload a chart (a .tgz made by `helm package`)"
        path = await self.ask(FilePicker(title, CHART_SUFFIXES, purpose="chart"))
        if path is None:
            return
        try:
            archive = await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            reason = read_error_reason(error)
            self.say(f"{path}: cannot read: {reason}", severity="error", title="upload chart")
            return
        chart = await self.actions_backend.upload_chart(archive)
        self.say(f"chart {chart.name} {chart.version} uploaded from {path.name}", title="upload")
        self.show_change()

    async def _delete_chart(self) -> None:
        selected = self._selected_or_say("delete chart")
        if selected is None:
            return
        label = f"{selected.name} {selected.version}"
        # A bundled chart is not asked about: the backend refuses, and its answer says why.
        if not selected.bundled and not await self.ask(self._delete_question(label)):
            return
        await self.actions_backend.delete_chart(selected.uuid)
        self.say(f"chart {label} deleted", title="delete chart")
        self.show_change()

    @staticmethod
    def _delete_question(label: str) -> ConfirmDialog:
        question = (
            f"Delete chart {label}? Clusters installed from it keep running; installing or "
            "updating to this version needs it again."
        )
        return ConfirmDialog("Delete chart", question, confirm_label="Delete", danger=True)

    async def _view_chart_example(self) -> None:
        selected = self._selected_or_say("values-template example")
        if selected is None:
            return
        backend = self.actions_backend
        text = await backend.value_template_example(selected.name, selected.version)
        label = f"{selected.name} {selected.version}"
        if not text.strip():
            self.say(f"chart {label} has no values-template example", title="example")
            return
        await self.app.push_screen(TextView(f"Values-template example of {label}", text))
