"""The one interface the console talks to (docs/architecture.md, invariant 1).

Two implementations: `EmbeddedBackend` (this process does what the KubeFATE service does) and
the remote client (a KubeFATE service over REST v1). The UI imports this module and the models;
never SQLite, Kubernetes, Helm or HTTP code.

Every method may raise a `backend.errors.BackendError` subclass with a message fit for the user.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from backend.events import EntityKind, Subscription

if TYPE_CHECKING:  # named in annotations only: the console's first frame needs only Cluster
    from backend.models import Cluster, ClusterArgs, HelmChart, Job, LogQuery, Namespace, User
    from backend.models.deploy_preview import DeployPreview
    from backend.models.preflight import PreflightCheck

KUBEFATE_SERVICE_VERSION = "v1.4.5"  # the KubeFATE version whose API we speak (§1.5.1)


class BackendKind(StrEnum):
    EMBEDDED = "embedded"
    REMOTE = "remote"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do, so the console asks this rather than which backend it is."""

    event_kinds: frozenset[EntityKind]
    """The kinds whose changes reach `subscribe` as events, whoever made them; a list of any
    other kind stays current only by reading it again."""
    creates_namespaces: bool
    """`create_namespace` works (a KubeFATE service has no route for it)."""
    pod_reasons: bool
    """`cluster_reasons` reads pods and Warning events; without, it can only repeat the
    module states that the cluster's info holds."""
    connection_reports: bool
    """The backend talks to a service that may become unreachable, and `watch_connection`
    reports how that connection is doing."""
    preflight_sees_cluster: bool
    """`preflight` asks the Kubernetes cluster itself (storage and ingress classes, NodePorts,
    pull secrets); without, it can tell only the namespace and the chart, and answers the rest
    unknown (a KubeFATE service's API does not say)."""
    deploy_preview: bool
    """`preview` renders what an install or update would deploy (a KubeFATE service has no
    dry run, so its `preview` raises Unavailable)."""
    polled: bool = False
    """Changes are learnt by reading the lists again (a KubeFATE service without a change
    feed): what a list shows is as old as its last read, which the console then says."""


EMBEDDED_CAPABILITIES = Capabilities(
    event_kinds=frozenset({EntityKind.CLUSTER, EntityKind.JOB, EntityKind.CHART, EntityKind.USER}),
    creates_namespaces=True,
    pod_reasons=True,
    connection_reports=False,
    preflight_sees_cluster=True,
    deploy_preview=True,
)
REMOTE_CAPABILITIES = Capabilities(
    event_kinds=frozenset({EntityKind.CLUSTER, EntityKind.JOB}),  # the poller's two lists
    creates_namespaces=False,
    pod_reasons=False,
    connection_reports=True,
    preflight_sees_cluster=False,
    deploy_preview=False,
    polled=True,
)


@dataclass(frozen=True, slots=True)
class BackendDescription:
    """What the header line shows (which backend, where, as whom), and what it can do."""

    kind: BackendKind
    location: str  # the database file, or the service URL
    username: str
    capabilities: Capabilities
    kube_context: str = ""
    kube_problem: str = ""  # why there is no cluster to deploy to (embedded), "" when there is
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """Whether the service behind a backend answers, for the header line (remote mode).

    `connected` is None before the first request; `reason` says why it is unreachable;
    `retry_in` is how many seconds until the next try, when the backend knows it.
    """

    connected: bool | None
    reason: str = ""
    retry_in: float | None = None


ConnectionListener = Callable[[ConnectionReport], None]


@dataclass(frozen=True, slots=True)
class Session:
    username: str
    expires: datetime


JOB_PAGE_SIZE = 2000
"""Jobs per page of `Backend.iter_jobs` unless the caller asks otherwise."""


@dataclass(frozen=True, slots=True)
class JobPage:
    """A page of a job listing: the next jobs in order, and how many the listing holds.

    `total` is counted when the listing begins; jobs added or deleted while it is read may make
    the pages hold a few more or fewer.
    """

    jobs: list[Job]
    total: int


class Backend(ABC):
    """Users, charts, clusters and jobs, as KubeFATE has them."""

    @abstractmethod
    def describe(self) -> BackendDescription: ...

    @abstractmethod
    async def start(self) -> None:
        """Open connections, apply migrations, recover from a crash. Call once, after the
        console's first frame (it may take a moment)."""

    @abstractmethod
    async def close(self) -> None: ...

    # --- session ---------------------------------------------------------------------------
    @abstractmethod
    async def login(self, username: str, password: str) -> Session: ...

    @abstractmethod
    async def version(self) -> str:
        """The KubeFATE service version the backend presents (`v1.4.5` for ours)."""

    # --- clusters --------------------------------------------------------------------------
    @abstractmethod
    async def list_clusters(self, *, include_deleted: bool = False) -> list[Cluster]: ...

    @abstractmethod
    async def get_cluster(self, uuid: str) -> Cluster: ...

    @abstractmethod
    async def install_cluster(self, args: ClusterArgs) -> Job: ...

    @abstractmethod
    async def update_cluster(self, args: ClusterArgs) -> Job: ...

    @abstractmethod
    async def delete_cluster(self, uuid: str) -> Job: ...

    @abstractmethod
    async def preflight(self, args: ClusterArgs) -> list[PreflightCheck]:
        """Whether the Kubernetes cluster has what `args` (a cluster.yaml about to be installed
        or updated) needs: its namespace (or that it will be created), the chart, each storage
        class and ingress class it asks for, each NodePort free (a Service of this same
        release keeps its own), each image pull secret. One `PreflightCheck` per thing, in that
        order, each pass, fail (why, what to do) or unknown (why it cannot tell: a 403, no
        cluster, a service that does not say); never raises for what it cannot see. See
        `Capabilities.preflight_sees_cluster`."""

    @abstractmethod
    async def preview(self, args: ClusterArgs) -> DeployPreview:
        """What installing (or, when a live cluster of that name and namespace exists,
        updating) `args` would deploy, from a dry-run render of its chart: workloads,
        services and their ports, ingresses, volume claims, and for an update the diff against
        the deployed cluster. Raises InvalidRequest (the document or the chart's templates
        fail on it), NotFound (no such chart), Unavailable (a backend without dry runs: see
        `Capabilities.deploy_preview`)."""

    # --- jobs ------------------------------------------------------------------------------
    @abstractmethod
    async def list_jobs(self, *, summary: bool = False) -> list[Job]:
        """Every job not deleted, oldest first. `summary=True` may leave out what a list does
        not show (`sub_jobs`, `states`, `meta_data` are then None, and the record may carry
        only its id), to list 100,000 jobs quickly."""

    async def iter_jobs(
        self, *, summary: bool = False, page_size: int = JOB_PAGE_SIZE
    ) -> AsyncIterator[JobPage]:
        """The jobs of `list_jobs`, in the same order, a page of at most `page_size` at a time,
        so a long list can be shown from its first page on.

        This default reads the whole list at once and hands it out in pages (a KubeFATE
        service has no paged listing); the embedded backend reads each page from the database.
        """
        jobs = await self.list_jobs(summary=summary)
        size = max(1, page_size)
        for start in range(0, len(jobs), size):
            yield JobPage(jobs[start : start + size], len(jobs))
        if not jobs:
            yield JobPage([], 0)

    async def unfinished_jobs(self) -> list[Job]:
        """The jobs not finished yet (Pending, Running, Stopping), oldest first, as summaries
        (see `list_jobs`). This default lists every job; the embedded backend and a service
        with the paged listing read only these (a few among 100,000)."""
        return [job for job in await self.list_jobs(summary=True) if not job.status.is_terminal]

    @abstractmethod
    async def get_job(self, uuid: str) -> Job: ...

    @abstractmethod
    async def stop_job(self, uuid: str) -> Job: ...

    @abstractmethod
    async def delete_job(self, uuid: str) -> None: ...

    # --- charts ----------------------------------------------------------------------------
    @abstractmethod
    async def list_charts(self) -> list[HelmChart]:
        """Charts by identity (uuid, name, version, app version), without their files."""

    @abstractmethod
    async def get_chart(self, uuid: str) -> HelmChart: ...

    @abstractmethod
    async def upload_chart(self, archive: bytes) -> HelmChart:
        """Store a `helm package` archive; the same name+version replaces the old chart."""

    @abstractmethod
    async def delete_chart(self, uuid: str) -> None: ...

    @abstractmethod
    async def value_template_example(self, chart_name: str, chart_version: str) -> str: ...

    # --- kubernetes ------------------------------------------------------------------------
    @abstractmethod
    async def list_namespaces(self) -> list[Namespace]:
        """Namespaces with phase and age; PermissionDenied (with the missing permission) when
        the credentials may not list them."""

    @abstractmethod
    async def create_namespace(self, name: str) -> Namespace:
        """Create a namespace on the user's request (KubeFATE never does)."""

    @abstractmethod
    async def cluster_reasons(self, uuid: str) -> list[str]:
        """Why a cluster's modules are not ready, as short lines (`pod python-0: container
        python: ImagePullBackOff …`, recent Warning events), most telling first; [] when
        nothing is wrong that can be seen. Embedded: from pods and events; remote: from the
        states in the cluster's Info (the KubeFATE API reports no pod reasons)."""

    @abstractmethod
    async def cluster_logs(self, uuid: str, query: LogQuery) -> str: ...

    @abstractmethod
    def follow_logs(self, uuid: str, query: LogQuery) -> AsyncIterator[str]:
        """Log lines as they come, until the consumer stops iterating."""

    # --- users -----------------------------------------------------------------------------
    @abstractmethod
    async def list_users(self) -> list[User]: ...

    @abstractmethod
    async def create_user(self, username: str, password: str, email: str = "") -> User: ...

    @abstractmethod
    async def delete_user(self, uuid: str) -> None: ...

    # --- live changes ----------------------------------------------------------------------
    @abstractmethod
    def subscribe(self) -> Subscription:
        """Change events, published after each change is committed (see backend.events)."""

    async def notices(self) -> list[str]:
        """What the user should be told once the backend has started (the embedded backend:
        where the admin's generated password was written); never a secret itself."""
        return []

    def watch_connection(self, listener: ConnectionListener) -> Callable[[], None]:
        """Call `listener` (on the event loop) with the current ConnectionReport and on each
        change; returns the function that stops it. The embedded backend has no connection
        to lose: it never calls `listener`."""
        return _stop_nothing


def _stop_nothing() -> None:
    """The unsubscribe of a watch that never reports anything."""
