"""The columns of the Charts mode: the charts the backend can install from, and whether each
ships with kubefate-tui (bundled) or was uploaded (or pulled from the repository, stored alike)."""

from __future__ import annotations

from backend.models import HelmChart
from kubefate_tui.listing.column_spec import ColumnSpec, Listing

BUNDLED = "bundled"
UPLOADED = "uploaded"

CHART_LISTING: Listing[HelmChart] = Listing(
    columns=(
        ColumnSpec("UUID", lambda chart, _: chart.uuid),
        ColumnSpec("NAME", lambda chart, _: chart.name),
        ColumnSpec("VERSION", lambda chart, _: chart.version),
        ColumnSpec("APP VERSION", lambda chart, _: chart.app_version),
        ColumnSpec("SOURCE", lambda chart, _: BUNDLED if chart.bundled else UPLOADED),
    ),
    key=lambda chart: chart.uuid,
)
