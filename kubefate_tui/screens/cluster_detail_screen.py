"""One cluster in depth: overview, Info, modules, spec, jobs and logs, each on a tab.

The screen follows the backend's change events for its cluster and its jobs (see
`is_changed_by`), and, while the cluster is not Running or a module is not Available, reads the
cluster again every `pacing.cluster_watch` seconds (2 by default) while it is visible: Kubernetes
moves pods along without any store event, and a user watching a module come up should see it
without a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Static, TabbedContent, TabPane

from backend.errors import BackendError, NotFound
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.interface import Backend
from backend.models import Cluster, ClusterStatus
from kubefate_tui.actions.cluster_actions import CLUSTER_BINDINGS, ClusterActions
from kubefate_tui.actions.selection import SelectedCluster
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.formatting.module_health import all_ready
from kubefate_tui.listing.column_spec import RowContext
from kubefate_tui.listing.job_listing import JOB_LISTING
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.detail_screen import DetailScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from kubefate_tui.widgets.cluster.cluster_info_view import ClusterInfoView, missing_info_text
from kubefate_tui.widgets.cluster.cluster_overview import ClusterOverview
from kubefate_tui.widgets.cluster.module_states import ModuleStates
from kubefate_tui.widgets.cluster.spec_view import SpecView
from kubefate_tui.widgets.logs.log_panel import LogPanel
from kubefate_tui.widgets.tables.resource_panel import ResourcePanel
from kubefate_tui.widgets.tables.virtual_table import VirtualTable

if TYPE_CHECKING:
    pass

TABS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("info", "Info"),
    ("modules", "Modules"),
    ("spec", "Spec"),
    ("jobs", "Jobs"),
    ("logs", "Logs"),
)
"""Each tab's id and label, in order; key N shows the N-th."""

TAB_IDS = tuple(tab for tab, _label in TABS)


class Part(StrEnum):
    """What a load reads: the cluster (with Info and reasons), or its jobs."""

    CLUSTER = "cluster"
    JOBS = "jobs"


EVERYTHING = frozenset(Part)


def _tab_bindings() -> list[BindingType]:
    return [
        Binding(str(n), f"show_tab('{tab}')", label, show=False, id=f"cluster_detail.tab_{tab}")
        for n, (tab, label) in enumerate(TABS, start=1)
    ]


class ClusterDetailScreen(ClusterActions, DetailScreen):
    """The detail of the cluster `cluster_uuid`, opened on the tab `tab` (one of TAB_IDS)."""

    HEADING = "Cluster"
    WHAT = "cluster"

    DEFAULT_CSS = """
    ClusterDetailScreen {
        layout: vertical;
        #cluster-title { height: 1; padding: 0 1; text-style: bold; color: $text-accent; }
        #cluster-title.-error { color: $text-error; }
        #cluster-gone { display: none; padding: 0 1; color: $text-warning; text-style: bold; }
        &.-gone #cluster-gone { display: block; }
        &.-never-seen #cluster-tabs { display: none; }
        #cluster-tabs { height: 1fr; }
        #cluster-tabs > ContentSwitcher { height: 1fr; }
        #cluster-tabs TabPane { height: 1fr; padding: 0; }
        #logs-waiting { padding: 1 2; color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *_tab_bindings(),
        *CLUSTER_BINDINGS,
    ]

    def __init__(self, cluster_uuid: str, *, tab: str = "overview") -> None:
        if tab not in TAB_IDS:
            raise ValueError(f"tab {tab!r}: expected one of {', '.join(TAB_IDS)}")
        super().__init__()
        self.cluster_uuid = cluster_uuid
        self.initial_tab = tab
        self.cluster: Cluster | None = None
        """The cluster as last read (None until the first read)."""
        self.job_uuids: frozenset[str] = frozenset()
        self._noted: set[Part] = set()  # parts an event concerns, for the reload that follows
        self.loads: CoalescedLoad[Part] = CoalescedLoad(
            self, self._load_once, group="cluster-detail-load", after=self._keep_watching
        )
        self._watch_timer: Timer | None = None

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield BackendStatus(self.console.backend.describe(), self.console.pacing.reconnected)
        yield Static(f"Cluster {self.cluster_uuid}", id="cluster-title", markup=False)
        yield Static("", id="cluster-gone", markup=False)
        with TabbedContent(initial=self.initial_tab, id="cluster-tabs"):
            labels = dict(TABS)
            tab_label = {tab: f"{n} {labels[tab]}" for n, tab in enumerate(TAB_IDS, start=1)}
            with TabPane(tab_label["overview"], id="overview"):
                yield ClusterOverview(id="cluster-overview")
            with TabPane(tab_label["info"], id="info"):
                yield ClusterInfoView(id="cluster-info")
            with TabPane(tab_label["modules"], id="modules"):
                yield ModuleStates(id="cluster-modules")
            with TabPane(tab_label["spec"], id="spec"):
                yield SpecView(id="cluster-spec")
            with TabPane(tab_label["jobs"], id="jobs"):
                yield ResourcePanel("Jobs", JOB_LISTING)
            with TabPane(tab_label["logs"], id="logs"):
                yield Static("the logs show once the cluster is read", id="logs-waiting")
        yield self.bottom_bars()

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#cluster-tabs", TabbedContent)

    @property
    def overview(self) -> ClusterOverview:
        return self.query_one(ClusterOverview)

    @property
    def info_view(self) -> ClusterInfoView:
        return self.query_one(ClusterInfoView)

    @property
    def modules(self) -> ModuleStates:
        return self.query_one(ModuleStates)

    @property
    def spec(self) -> SpecView:
        return self.query_one(SpecView)

    @property
    def jobs(self) -> ResourcePanel:
        return self.query_one(ResourcePanel)

    @property
    def title_text(self) -> str:
        """The title line as plain text."""
        return str(self.query_one("#cluster-title", Static).content)

    @property
    def gone_text(self) -> str:
        """What the screen says about a deleted cluster ("" while it exists)."""
        return str(self.query_one("#cluster-gone", Static).content) if self.gone else ""

    # --- keys --------------------------------------------------------------------------------
    def action_show_tab(self, tab: str) -> None:
        """Show the tab `tab` (one of TAB_IDS)."""
        self.tabs.active = tab

    def selected_cluster(self) -> SelectedCluster | None:
        """This cluster, once read and while it exists."""
        cluster = self.cluster
        if cluster is None or self.gone:
            return None
        return SelectedCluster(uuid=cluster.uuid, name=cluster.name, namespace=cluster.namespace)

    def on_virtual_table_row_selected(self, message: VirtualTable.RowSelected) -> None:
        """Enter on one of the cluster's jobs: that job's detail, over this screen (esc
        comes back here)."""
        from kubefate_tui.screens.job_detail_screen import JobDetailScreen

        message.stop()
        if message.table is self.jobs.table:
            self.app.push_screen(JobDetailScreen(message.key))

    @on(TabbedContent.TabActivated, pane="#logs")
    def _logs_shown(self) -> None:
        """The Logs tab came into view: its lines take the focus, so its keys (f, t, /...)
        work at once rather than after a tab press."""
        if self.query(LogPanel):
            self.query_one(LogPanel).view.focus()
        else:
            self._mount_logs()

    def _mount_logs(self) -> None:
        """The logs panel, mounted the first time the Logs tab shows a known cluster (so no
        log stream is opened for a user who never looks at the logs)."""
        cluster = self.cluster
        if cluster is None or self.tabs.active != "logs" or self.query(LogPanel):
            return
        pane = self.query_one("#logs", TabPane)
        self.query_one("#logs-waiting").remove()
        panel = LogPanel(self.console.backend, cluster.uuid, cluster.name, id="cluster-logs")
        self.run_worker(self._show_logs_panel(pane, panel), group="cluster-logs-mount")

    async def _show_logs_panel(self, pane: TabPane, panel: LogPanel) -> None:
        await pane.mount(panel)
        panel.view.focus()  # the user is looking at the logs: their keys work at once

    # --- following the backend ---------------------------------------------------------------
    def is_changed_by(self, event: ChangeEvent) -> bool:
        """True for events about this cluster or its jobs (a new job may be one); RESYNC too.

        Notes which parts the event concerns, so the reload that follows reads only those: a
        job's progress means the modules moved (read the cluster), a new job means the list.
        """
        parts = self._parts_changed_by(event)
        self._noted |= parts
        return bool(parts)

    def _parts_changed_by(self, event: ChangeEvent) -> frozenset[Part]:
        if event.action is ChangeAction.RESYNC:
            return EVERYTHING
        if event.kind is EntityKind.CLUSTER and event.uuid == self.cluster_uuid:
            return frozenset({Part.CLUSTER})
        if event.kind is EntityKind.JOB:
            if event.uuid in self.job_uuids:
                return EVERYTHING
            if event.action is ChangeAction.CREATED:
                return frozenset({Part.JOBS})
        return frozenset()

    def request_reload(self) -> None:
        """Read again what the last event concerned (everything if none), now or as soon as
        the read in progress ends: a burst of events costs at most two reads."""
        parts = self._noted or EVERYTHING
        self._noted = set()
        self._request(parts)

    def _request(self, parts: Iterable[Part]) -> None:
        self.loads.request(parts)

    def on_screen_resume(self) -> None:
        self._request(EVERYTHING)

    async def _load_once(self, parts: frozenset[Part]) -> None:
        state = self.console.backend_state
        if state.unready_text:  # the app asks every screen to reload once it is ready
            self._say_title(state.unready_text, error=state.phase is BackendPhase.FAILED)
            return
        backend = self.console.backend
        if Part.CLUSTER in parts:
            await self._read_cluster(backend)
        if Part.JOBS in parts and self.cluster is not None:
            await self._read_jobs(backend)

    async def _read_cluster(self, backend: Backend) -> None:
        try:
            cluster = await backend.get_cluster(self.cluster_uuid)
        except NotFound as error:
            self._show_gone(error_text(error))
            return
        except BackendError as error:
            text = f"could not read cluster {self.cluster_uuid}: {error_text(error)}"
            self._say_title(text, error=True)
            return
        reasons, reasons_error = await self._reasons(backend, cluster)
        self._show_cluster(cluster, reasons, reasons_error)

    async def _reasons(self, backend: Backend, cluster: Cluster) -> tuple[list[str], str]:
        """Why the modules are not ready (nothing when they are), or the error reading it."""
        if all_ready(cluster.info):
            return [], ""
        try:
            return await backend.cluster_reasons(cluster.uuid), ""
        except Exception as error:  # a BackendError or not: one line on the tab, not a crash
            return [], error_text(error)

    async def _read_jobs(self, backend: Backend) -> None:
        try:
            jobs = [
                j
                for j in await backend.list_jobs(summary=True)
                if j.cluster_id == self.cluster_uuid
            ]
        except BackendError as error:
            self.jobs.show_message(error_text(error), tone="error")
            return
        self.job_uuids = frozenset(job.uuid for job in jobs)
        names = {self.cluster_uuid: self.cluster.name} if self.cluster is not None else {}
        context = RowContext(self.console.clock(), cluster_names=names)
        self.jobs.show_rows(JOB_LISTING.rows(jobs, context), context)
        if not jobs:
            self.jobs.show_message("no jobs for this cluster", tone="calm")

    # --- showing -----------------------------------------------------------------------------
    def _say_title(self, text: str, *, error: bool = False) -> None:
        title = self.query_one("#cluster-title", Static)
        title.update(text)
        title.set_class(error, "-error")

    def _show_cluster(self, cluster: Cluster, reasons: list[str], reasons_error: str) -> None:
        self.cluster = cluster
        self._say_title(
            f"Cluster {cluster.name} · namespace {cluster.namespace} · {cluster.status.value}"
        )
        self.overview.show_cluster(cluster, self.console.clock())
        self.info_view.show_info(cluster.info, reasons_error)
        if cluster.info is None:
            self.modules.show_message(
                "The modules' states are not known. " + missing_info_text(reasons_error)
            )
        else:
            self.modules.show(cluster.info, reasons, reasons_error)
        self.spec.show_yaml(cluster.values)
        self._mount_logs()

    def _show_gone(self, error: str) -> None:
        """The cluster no longer exists: say so in place, keep what was last seen."""
        self.gone = True
        cluster = self.cluster
        if cluster is None:  # never seen: the backend's own words, and no tabs to show
            text = error
        else:
            text = (
                f"Cluster {cluster.name} no longer exists (it was deleted); "
                "what follows is how it was last seen."
            )
            self._say_title(
                f"Cluster {cluster.name} · namespace {cluster.namespace} · "
                f"{ClusterStatus.DELETED.value}"
            )
        self.query_one("#cluster-gone", Static).update(text)
        self.set_class(True, "-gone")
        self.set_class(cluster is None, "-never-seen")

    def _keep_watching(self) -> None:
        """Read the cluster again in a while if it is not healthy yet and the user sees it."""
        if self._watch_timer is not None or not self.is_attached or not self.is_current:
            return
        cluster = self.cluster
        if cluster is None or self.gone:
            return
        if cluster.status is ClusterStatus.RUNNING and all_ready(cluster.info):
            return
        self._watch_timer = self.set_timer(self.console.pacing.cluster_watch, self._watch_tick)

    def _watch_tick(self) -> None:
        self._watch_timer = None
        if self.is_current:  # hidden: on_screen_resume reads it again when it shows
            self._request({Part.CLUSTER})

    def show_load_failure(self, text: str) -> None:
        """An unexpected failure while reading: said on the title line."""
        self._say_title(text, error=True)
