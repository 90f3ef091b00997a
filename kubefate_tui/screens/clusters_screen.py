"""The Clusters mode: FATE clusters (one Helm release each), as `kubefate cluster list`, plus
each cluster's party id and a roll-up of its modules' health."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import Cluster
from kubefate_tui.actions.cluster_actions import CLUSTER_BINDINGS, ClusterActions
from kubefate_tui.actions.selection import SelectedCluster, row_at_cursor
from kubefate_tui.formatting.cluster_party import party_id
from kubefate_tui.formatting.module_health import UNKNOWN, UNREADABLE, health_rollup
from kubefate_tui.formatting.time_text import age
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of

COLUMNS = (
    "NAME",
    "NAMESPACE",
    "PARTY",
    "CHART",
    "VERSION",
    "STATUS",
    "MODULES",
    "REVISION",
    "AGE",
)
MODULES_COLUMN = COLUMNS.index("MODULES")

ROLLUP_CONCURRENCY = 4
"""How many clusters' Info are read at once for the MODULES column (each asks Kubernetes)."""


def cluster_row(cluster: Cluster, now: datetime, modules: str = UNKNOWN) -> TableRow:
    """A cluster's row; `modules` is its health roll-up (`5/7 ready`), `—` until known."""
    return TableRow(
        cluster.uuid,
        (
            cluster.name,
            cluster.namespace,
            party_id(cluster),
            cluster.chart_name,
            cluster.chart_version,
            cluster.status.value,
            modules,
            str(cluster.revision),
            age(cluster.record.created_at, now),
        ),
    )


class ClustersScreen(ClusterActions, ResourceScreen):
    """Every live cluster the backend knows; enter opens one's detail.

    The list shows from the store at once; the MODULES column needs each cluster's live Info
    (Kubernetes, or the remote service), so it is filled in afterwards, a few clusters at a
    time, without delaying the first paint.
    """

    MODE = "clusters"
    HEADING = heading_of(MODE)
    COLUMNS = COLUMNS
    KINDS = frozenset({EntityKind.CLUSTER})
    DETAIL = True
    BINDINGS: ClassVar[list[BindingType]] = [*CLUSTER_BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        self._rollups: dict[str, str] = {}  # cluster uuid -> the MODULES text last read
        self._listed: list[str] = []  # the clusters the list shows, in order
        self._listed_set: frozenset[str] = frozenset()
        self._rollup_loads: CoalescedLoad[str] = CoalescedLoad(
            self, lambda _parts: self._read_rollups_of(self._listed), group="cluster-rollups"
        )

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        clusters = await backend.list_clusters()
        known = self._rollups
        return [cluster_row(c, now, known.get(c.uuid, UNKNOWN)) for c in clusters]

    def open_detail(self, key: str) -> None:
        from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen

        self.app.push_screen(ClusterDetailScreen(key))

    def selected_cluster(self) -> SelectedCluster | None:
        """The cluster under the cursor (None when the list is empty or not shown)."""
        row = row_at_cursor(self.panel)
        if row is None:
            return None
        key, cells = row
        return SelectedCluster(uuid=key, name=cells[0], namespace=cells[1])

    # --- the MODULES column ----------------------------------------------------------------
    def rows_shown(self, rows: list[TableRow]) -> None:
        """Read the listed clusters' Info again, coalesced like the loads themselves: a run in
        progress finishes, then one more covers whatever was listed last."""
        self._listed = [row.key for row in rows]
        self._listed_set = frozenset(self._listed)
        self._rollups = {k: v for k, v in self._rollups.items() if k in self._listed_set}
        self._rollup_loads.request()

    async def _read_rollups_of(self, keys: Sequence[str]) -> None:
        gate = asyncio.Semaphore(ROLLUP_CONCURRENCY)

        async def read(key: str) -> None:
            async with gate:
                if key not in self._listed_set:
                    return  # no longer listed: the next run covers what is
                self._show_rollup(key, await self._rollup_of(key))

        await asyncio.gather(*(read(key) for key in keys))

    async def _rollup_of(self, key: str) -> str:
        try:
            cluster = await self.console.backend.get_cluster(key)
        except Exception:  # a BackendError or not: this one cell says `?`, the rest go on
            return UNREADABLE
        return health_rollup(cluster.info)

    def _show_rollup(self, key: str, text: str) -> None:
        self._rollups[key] = text
        table = self.panel.table
        if key not in table:
            return
        cells = list(table.get_row(key))
        if cells[MODULES_COLUMN] != text:
            cells[MODULES_COLUMN] = text
            table.update_row(key, cells)
