"""The Charts mode: the Helm charts clusters can be installed from, as `kubefate chart list`."""

from __future__ import annotations

from datetime import datetime

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import HelmChart
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.resource_panel import TableRow


def chart_row(chart: HelmChart) -> TableRow:
    """Uuid, name, version and app version of a chart."""
    return TableRow(chart.uuid, (chart.uuid, chart.name, chart.version, chart.app_version))


class ChartsScreen(ResourceScreen):
    """Every chart uploaded to the backend."""

    MODE = "charts"
    HEADING = "Charts"
    COLUMNS = ("UUID", "NAME", "VERSION", "APP VERSION")
    KINDS = frozenset({EntityKind.CHART})

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [chart_row(chart) for chart in await backend.list_charts()]
