"""The Charts mode: the Helm charts clusters can be installed from, as `kubefate chart list`.

Upload (`a`/`u`), delete (`ctrl+d`), and `enter` or `v` shows a chart's values-template example.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import HelmChart
from kubefate_tui.actions.chart_actions import CHART_BINDINGS, ChartActions
from kubefate_tui.actions.selection import SelectedChart, row_at_cursor
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of

BUNDLED = "bundled"
UPLOADED = "uploaded"


def chart_row(chart: HelmChart) -> TableRow:
    """Uuid, name, version, app version of a chart, and whether it ships with kubefate-tui
    (bundled) or was uploaded (or pulled from the chart repository, which stores it alike)."""
    source = BUNDLED if chart.bundled else UPLOADED
    return TableRow(chart.uuid, (chart.uuid, chart.name, chart.version, chart.app_version, source))


class ChartsScreen(ChartActions, ResourceScreen):
    """Every chart the backend can install from: uploaded ones and bundled ones."""

    MODE = "charts"
    HEADING = heading_of(MODE)
    COLUMNS = ("UUID", "NAME", "VERSION", "APP VERSION", "SOURCE")
    KINDS = frozenset({EntityKind.CHART})
    BINDINGS: ClassVar[list[BindingType]] = CHART_BINDINGS
    DETAIL = True  # enter: the values-template example

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [chart_row(chart) for chart in await backend.list_charts()]

    def selected_chart(self) -> SelectedChart | None:
        row = row_at_cursor(self.panel)
        if row is None:
            return None
        uuid, (_, name, version, _app_version, source) = row
        return SelectedChart(uuid, name, version, bundled=source == BUNDLED)

    def open_detail(self, key: str) -> None:
        self.run_steps("show the values-template example", self._view_chart_example)
