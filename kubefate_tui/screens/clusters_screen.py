"""The Clusters mode: FATE clusters (one Helm release each), as `kubefate cluster list`, plus
each cluster's party id and a roll-up of its modules' health."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
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
from kubefate_tui.widgets.tables.virtual_table import VirtualTable

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
    time, without delaying the first paint, and only for the rows in view.
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
        self._listed_set: frozenset[str] = frozenset()  # the clusters the list shows
        self._fresh: set[str] = set()  # roll-ups read (or asked for) since the list was read
        self._rollup_loads: CoalescedLoad[str] = CoalescedLoad(
            self, self._read_rollups_of, group="cluster-rollups"
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
        """Read the Info of the clusters in view again (the list was just read: they may have
        changed); those scrolled into view later are read when they come. Reads are coalesced
        like the loads themselves: a run in progress finishes, then one more covers the rest."""
        if not rows:
            title = self.panel.border_title  # "Clusters (0)": the count stays said
            self.panel.show_message(EMPTY_TEXT, tone="calm")
            self.panel.border_title = title
        self._listed_set = frozenset(row.key for row in rows)
        for gone in set(self._rollups) - self._listed_set:
            del self._rollups[gone]
        self._fresh.clear()
        self._read_in_view()

    def on_virtual_table_view_moved(self, message: VirtualTable.ViewMoved) -> None:
        """Other rows came into view: read the roll-ups they lack."""
        self._read_in_view()

    def _read_in_view(self) -> None:
        # Only the rows on screen: a service with hundreds of clusters is not asked for each
        # one's Info (a request each) just because the list was shown.
        wanted = [
            key
            for key in self.panel.table.keys_in_view()
            if key in self._listed_set and key not in self._fresh
        ]
        if wanted:
            self._fresh.update(wanted)
            self._rollup_loads.request(wanted)

    async def _read_rollups_of(self, keys: Iterable[str]) -> None:
        gate = asyncio.Semaphore(ROLLUP_CONCURRENCY)

        async def read(key: str) -> None:
            async with gate:
                if key not in self._listed_set:
                    return  # no longer listed
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
