"""The Clusters mode: FATE clusters (one Helm release each), as `kubefate cluster list`, plus
each cluster's party id and a roll-up of its modules' health."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType

from backend.events import EntityKind
from backend.interface import Backend
from backend.models import Cluster
from kubefate_tui.actions.cluster_actions import CLUSTER_BINDINGS, ClusterActions
from kubefate_tui.formatting.module_health import UNREADABLE, health_rollup
from kubefate_tui.listing.cluster_listing import CLUSTER_LISTING
from kubefate_tui.listing.column_spec import RowContext
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of

if TYPE_CHECKING:
    from kubefate_tui.actions.selection import SelectedCluster

EMPTY_TEXT = (
    "No clusters yet: press w to create your first cluster in the wizard, "
    "or i to install one from a cluster.yaml."
)
"""What an empty Clusters list says: how to start."""

ROLLUP_CONCURRENCY = 4
"""How many clusters' Info are read at once for the MODULES column (each asks Kubernetes)."""


class ClustersScreen(ClusterActions, ResourceScreen[Cluster]):
    """Every live cluster the backend knows; enter opens one's detail.

    The list shows from the store at once; the MODULES column needs each cluster's live Info
    (Kubernetes, or the remote service), so it is filled in afterwards, a few clusters at a
    time, without delaying the first paint.
    """

    MODE = "clusters"
    HEADING = heading_of(MODE)
    LISTING = CLUSTER_LISTING
    KINDS = frozenset({EntityKind.CLUSTER})
    DETAIL = True
    BINDINGS: ClassVar[list[BindingType]] = [*CLUSTER_BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        # cluster uuid -> the MODULES text last read; the rows' context holds this very dict,
        # so a roll-up read after the list painted shows by rebuilding its one row.
        self._rollups: dict[str, str] = {}
        self._listed: list[str] = []  # the clusters the list shows, in order
        self._listed_set: frozenset[str] = frozenset()
        self._rollup_loads: CoalescedLoad[str] = CoalescedLoad(
            self, lambda _parts: self._read_rollups_of(self._listed), group="cluster-rollups"
        )

    async def fetch_items(self, backend: Backend) -> list[Cluster]:
        return await backend.list_clusters()

    async def row_context(self, backend: Backend, now: datetime) -> RowContext:
        return RowContext(now, module_health=self._rollups)

    def completion_words(self, rows: Sequence[TableRow[Cluster]]) -> list[str]:
        """Cluster names: what `:clusters NAME` and `:jobs NAME` take."""
        return [row.item.name for row in rows]

    def open_detail(self, key: str) -> None:
        from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen

        self.app.push_screen(ClusterDetailScreen(key))

    def selected_cluster(self) -> SelectedCluster | None:
        """The cluster under the cursor (None when the list is empty or not shown)."""
        from kubefate_tui.actions.selection import SelectedCluster  # an action runs: after

        cluster = self.item_at_cursor()
        if cluster is None:
            return None
        return SelectedCluster(cluster.uuid, cluster.name, cluster.namespace)

    # --- the MODULES column ----------------------------------------------------------------
    def rows_shown(self, rows: list[TableRow[Cluster]]) -> None:
        """Read the listed clusters' Info again, coalesced like the loads themselves: a run in
        progress finishes, then one more covers whatever was listed last."""
        if not rows:
            title = self.panel.border_title  # "Clusters (0)": the count stays said
            self.panel.show_message(EMPTY_TEXT, tone="calm")
            self.panel.border_title = title
        self._listed = [row.key for row in rows]
        self._listed_set = frozenset(self._listed)
        for gone in set(self._rollups) - self._listed_set:
            del self._rollups[gone]
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
        if self._rollups.get(key) != text:
            self._rollups[key] = text
            self.panel.refresh_row(key)
