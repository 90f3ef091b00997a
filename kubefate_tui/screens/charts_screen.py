"""The Charts mode: the Helm charts clusters can be installed from, as `kubefate chart list`.

Upload (`a`/`u`), delete (`ctrl+d`), and `enter` or `v` shows a chart's values-template example.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import HelmChart
from kubefate_tui.actions.chart_actions import CHART_BINDINGS, ChartActions
from kubefate_tui.actions.selection import SelectedChart
from kubefate_tui.listing.chart_listing import CHART_LISTING
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of


class ChartsScreen(ChartActions, ResourceScreen[HelmChart]):
    """Every chart the backend can install from: uploaded ones and bundled ones."""

    MODE = "charts"
    HEADING = heading_of(MODE)
    LISTING = CHART_LISTING
    KINDS = frozenset({EntityKind.CHART})
    BINDINGS: ClassVar[list[BindingType]] = CHART_BINDINGS
    DETAIL = True  # enter: the values-template example

    async def fetch_items(self, backend: Backend) -> list[HelmChart]:
        return await backend.list_charts()

    def selected_chart(self) -> SelectedChart | None:
        chart = self.item_at_cursor()
        if chart is None:
            return None
        return SelectedChart(chart.uuid, chart.name, chart.version, bundled=chart.bundled)

    def open_detail(self, key: str) -> None:
        self.run_steps("show the values-template example", self._view_chart_example)
