"""The Clusters mode: FATE clusters (one Helm release each), as `kubefate cluster list`."""

from __future__ import annotations

from datetime import datetime

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import Cluster
from kubefate_tui.formatting.time_text import age
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.resource_panel import TableRow


def cluster_row(cluster: Cluster, now: datetime) -> TableRow:
    """Name, namespace, chart, version, status, revision and age of a cluster."""
    return TableRow(
        cluster.uuid,
        (
            cluster.name,
            cluster.namespace,
            cluster.chart_name,
            cluster.chart_version,
            cluster.status.value,
            str(cluster.revision),
            age(cluster.record.created_at, now),
        ),
    )


class ClustersScreen(ResourceScreen):
    """Every live cluster the backend knows."""

    MODE = "clusters"
    HEADING = "Clusters"
    COLUMNS = ("NAME", "NAMESPACE", "CHART", "VERSION", "STATUS", "REVISION", "AGE")
    KINDS = frozenset({EntityKind.CLUSTER})

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [cluster_row(cluster, now) for cluster in await backend.list_clusters()]
