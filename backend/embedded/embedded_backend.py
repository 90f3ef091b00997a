"""The embedded backend: what the KubeFATE service does, in this process.

The store keeps users, charts, clusters and jobs; the job engine deploys through the isolated
Helm engine into the cluster of the user's kubeconfig, and follows workloads with watches.
Kubernetes is reached lazily (see kube_parts.py): a console without a cluster still starts and
serves everything the store can answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from backend.auth.passwords import ITERATIONS
from backend.auth.token_lifetime import DEFAULT_TOKEN_LIFETIME
from backend.charts.chart_repo_settings import ChartRepoSettings
from backend.embedded.kube_parts import KubeAccess
from backend.errors import (
    AuthenticationFailed,
    BackendError,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    ReadOnlyMode,
    Unavailable,
)
from backend.events import ChangeAction, ChangeEvent, EntityKind, EventBus, Subscription
from backend.interface import (
    EMBEDDED_CAPABILITIES,
    JOB_PAGE_SIZE,
    KUBEFATE_SERVICE_VERSION,
    Backend,
    BackendDescription,
    BackendKind,
    JobPage,
    Session,
)
from backend.kube.connection import ContextLabel, KubeSettings, describe_context
from backend.models import ClusterStatus, ModulesStatus
from backend.models.job import DEFAULT_TIME_LIMIT
from backend.models.readiness import cluster_ready
from backend.paths import (
    admin_password_path_for,
    bundled_charts_dir,
    helm_log_path_for,
    secret_path_for,
)

# The console builds this backend before its first frame and starts it after; what only
# start() and the operations need (SQLite, the Helm engine, charts, the job engine, the
# Kubernetes adapters) is imported there, not here.
if TYPE_CHECKING:
    from backend.auth import Accounts, AdminOutcome
    from backend.charts.chart_registry import ChartRegistry
    from backend.engine.job_engine import JobEngine
    from backend.helm.engine import HelmEngine
    from backend.kube.cluster_info import ClusterInfo
    from backend.models import Cluster, ClusterArgs, HelmChart, Job, LogQuery, Namespace, User
    from backend.models.deploy_preview import DeployPreview
    from backend.models.preflight import PreflightCheck
    from backend.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EmbeddedOptions:
    db_path: Path
    admin_username: str = "admin"
    # None: not configured. An existing admin is then left alone, and a new one gets a random
    # password, written to `admin_password_file` (see Accounts.ensure_admin).
    admin_password: str | None = None
    token_lifetime: timedelta = DEFAULT_TOKEN_LIFETIME
    secret_path: Path | None = None  # default: beside the database
    admin_password_file: Path | None = None  # default: beside the database
    read_only: bool = False
    kube: KubeSettings = field(default_factory=KubeSettings)
    helm_log_path: Path | None = None  # default: helm.log beside the database
    bundled_charts: Path | None = field(default_factory=bundled_charts_dir)
    chart_repo: ChartRepoSettings | None = field(default_factory=ChartRepoSettings)
    job_time_limit: timedelta = DEFAULT_TIME_LIMIT
    acting_user: str = ""  # whose name goes on jobs; default: the admin
    # KubeFATE's PBKDF2 cost; tests pass fewer (such hashes are not ones KubeFATE accepts).
    password_hash_iterations: int = ITERATIONS


class EmbeddedBackend(Backend):
    def __init__(self, options: EmbeddedOptions) -> None:
        self.options = options
        self.events = EventBus()
        self.kube = KubeAccess(options.kube)
        self._store: Store | None = None
        self._kube_context: ContextLabel | None = None  # read from the kubeconfig once started
        self._accounts: Accounts | None = None
        self._admin_check: asyncio.Future[AdminOutcome] | None = None
        self._admin_outcome: AdminOutcome | None = None
        self._helm: HelmEngine | None = None
        self._charts: ChartRegistry | None = None
        self._engine: JobEngine | None = None
        self._session_user = ""

    # --- lifecycle -------------------------------------------------------------------------
    def describe(self) -> BackendDescription:
        return BackendDescription(
            kind=BackendKind.EMBEDDED,
            location=str(self.options.db_path),
            username=self.acting_user,
            kube_context=self._context_label().name,
            kube_problem=self._context_label().problem,
            read_only=self.options.read_only,
            capabilities=EMBEDDED_CAPABILITIES,
        )

    def _context_label(self) -> ContextLabel:
        """The kube context for the header, read once the backend has started: reading the
        kubeconfig (YAML) sooner would put its parse before the console's first frame."""
        if self._kube_context is None and self._store is not None:
            self._kube_context = describe_context(self.options.kube)
        return self._kube_context or ContextLabel()

    @property
    def acting_user(self) -> str:
        """Whose name goes on jobs: who logged in last, else the configured user or admin."""
        return self._session_user or self.options.acting_user or self.options.admin_username

    async def start(self) -> None:
        """Open the database, load the token key, make sure the admin exists.

        Any failure is an `Unavailable` naming the file at fault, and leaves nothing open.
        """
        from backend.auth import (
            AccountError,
            Accounts,
            SecretFileError,
            TokenIssuer,
            load_or_create_secret,
        )
        from backend.store import Store, StoreError

        try:
            store = await Store.open(self.options.db_path)
        except StoreError as error:
            raise Unavailable(str(error)) from None
        self._store = store  # from here on, a failure closes it (and whatever else started)
        try:
            secret_path = self.options.secret_path or secret_path_for(self.options.db_path)
            issuer = TokenIssuer(load_or_create_secret(secret_path), self.options.token_lifetime)
            self._accounts = Accounts(
                store, issuer, hash_iterations=self.options.password_hash_iterations
            )
            await self._start_parts(store, self._accounts)
        except (OSError, SecretFileError, StoreError, AccountError) as error:
            await self.close()
            raise Unavailable(f"cannot start the embedded backend: {error}") from None
        except BaseException:
            await self.close()
            raise

    async def _start_parts(self, store: Store, accounts: Accounts) -> None:
        """The engine, then the admin check in the background: the check is a PBKDF2 hash
        (~0.3 s in a thread) that only logins and account changes need, so the console's first
        rows do not wait for it (`ready_accounts` does). A configured admin that can never be
        valid (an empty name or password) still fails the start, at once."""
        from backend.auth import check_configured_admin

        if not self.options.read_only:
            options = self.options
            check_configured_admin(options.admin_username, options.admin_password)
            password_file = options.admin_password_file or admin_password_path_for(options.db_path)
            self._admin_check = asyncio.ensure_future(
                accounts.ensure_admin(options.admin_username, options.admin_password, password_file)
            )
            self._admin_check.add_done_callback(self._remember_admin)
        await self._start_engine(store)

    def _remember_admin(self, check: asyncio.Future[AdminOutcome]) -> None:
        if not check.cancelled() and check.exception() is None:
            self._admin_outcome = check.result()

    @property
    def admin_outcome(self) -> AdminOutcome | None:
        """What the start did to the admin account, once that is done (kept after `close`,
        so a console can say after it exits where a generated password was written)."""
        return self._admin_outcome

    async def notices(self) -> list[str]:
        """Where the admin's generated password was written, if this start made one."""
        try:
            await self.ready_accounts()
        except Unavailable:
            return []  # said to every login and account change already
        outcome = self._admin_outcome
        if outcome is None or outcome.generated_password is None:
            return []
        return [outcome.summary()]

    async def ready_accounts(self) -> Accounts:
        """The accounts, once the start's admin check is over; its failure (the database
        refusing the write, say) is said here, to each login and account change."""
        from backend.auth import AccountError
        from backend.store import StoreError

        accounts = self.accounts
        if self._admin_check is not None:
            try:
                await asyncio.shield(self._admin_check)
            except (AccountError, StoreError, OSError) as error:
                raise Unavailable(f"the admin account could not be set up: {error}") from None
        return accounts

    async def _start_engine(self, store: Store) -> None:
        """Helm, the chart registry and the job engine; then finish what a crash left."""
        from backend.charts.chart_registry import ChartRegistry
        from backend.embedded.helm_parts import HelmReleases, RegistryCharts, TemplateValues
        from backend.embedded.kube_parts import KubeWorkloads
        from backend.engine.job_engine import JobEngine
        from backend.engine.ports import EngineParts
        from backend.helm.engine import HelmEngine

        helm = HelmEngine(self.options.helm_log_path or helm_log_path_for(self.options.db_path))
        self._helm = helm
        self._charts = await ChartRegistry.open(
            store, helm, bundled_dir=self.options.bundled_charts, repo=self.options.chart_repo
        )
        parts = EngineParts(
            charts=RegistryCharts(self._charts),
            values=TemplateValues(helm),
            releases=HelmReleases(helm, self.kube.helm_target()),
            workloads=KubeWorkloads(self.kube),
        )
        self._engine = JobEngine(store, self.events, parts, time_limit=self.options.job_time_limit)
        if not self.options.read_only:
            await self._engine.recover()

    async def close(self) -> None:
        """Stop job tasks (a restart finishes their jobs), then close Helm, Kubernetes, SQLite."""
        if self._admin_check is not None:  # its hash runs in a thread: let it end, then close
            await asyncio.wait([self._admin_check])
            self._admin_check = None
        if self._engine is not None:
            await self._engine.close()
            self._engine = None
        if self._helm is not None:
            await self._helm.aclose()
            self._helm = None
        await self.kube.close()
        if self._store is not None:
            await self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise Unavailable("the embedded backend has not been started")
        return self._store

    @property
    def accounts(self) -> Accounts:
        if self._accounts is None:
            raise Unavailable("the embedded backend has not been started")
        return self._accounts

    @property
    def engine(self) -> JobEngine:
        if self._engine is None:
            raise Unavailable("the embedded backend has not been started")
        return self._engine

    @property
    def helm(self) -> HelmEngine:
        if self._helm is None:
            raise Unavailable("the embedded backend has not been started")
        return self._helm

    @property
    def charts(self) -> ChartRegistry:
        if self._charts is None:
            raise Unavailable("the embedded backend has not been started")
        return self._charts

    def subscribe(self) -> Subscription:
        return self.events.subscribe()

    def _publish(self, kind: EntityKind, action: ChangeAction, uuid: str) -> None:
        self.events.publish(ChangeEvent(kind, action, uuid))

    def _check_writable(self) -> None:
        if self.options.read_only:
            raise ReadOnlyMode("the console was started with --read-only; no change was made")

    # --- session ---------------------------------------------------------------------------
    async def login(self, username: str, password: str) -> Session:
        from backend.auth import LoginFailed

        try:
            issued = await (await self.ready_accounts()).login(username, password)
        except LoginFailed as error:
            raise AuthenticationFailed(str(error)) from None
        # As with a remote service, logging in makes the console act as that user.
        self._session_user = issued.username
        return Session(username=issued.username, expires=issued.expires)

    async def version(self) -> str:
        return KUBEFATE_SERVICE_VERSION

    # --- clusters --------------------------------------------------------------------------
    async def list_clusters(self, *, include_deleted: bool = False) -> list[Cluster]:
        return await self.store.read.clusters.list_all(include_deleted=include_deleted)

    async def get_cluster(self, uuid: str) -> Cluster:
        """The cluster with live Info (§2.8); when Kubernetes cannot be asked, without it."""
        from backend.kube.cluster_info import cluster_info

        cluster = await self.store.read.clusters.get(uuid)
        if cluster is None:
            raise NotFound(f"cluster {uuid}: no such cluster (or it was deleted)")
        try:
            connection = await self.kube.connection()
            info = await cluster_info(
                connection, cluster.namespace, cluster.name, chart_version=cluster.chart_version
            )
        except BackendError:  # shown without Info; the reason goes to the log
            log.warning("cluster %s: no live Info", cluster.name, exc_info=True)
            return cluster
        return await self._reconciled(replace(cluster, info=info.to_wire()), info)

    async def _reconciled(self, cluster: Cluster, info: ClusterInfo) -> Cluster:
        """KubeFATE's GET side effect (§3.6), corrected to count StatefulSets too: a Running or
        Unavailable cluster is set from its workloads' readiness now."""
        if cluster.status not in (ClusterStatus.RUNNING, ClusterStatus.UNAVAILABLE):
            return cluster
        states = {
            name: ModulesStatus(state)
            for name, state in {**info.deployments, **info.stateful_sets}.items()
        }
        status = ClusterStatus.RUNNING if cluster_ready(states) else ClusterStatus.UNAVAILABLE
        if status is cluster.status or self.options.read_only:
            return cluster
        async with self.store.transaction() as tx:
            await tx.clusters.save(replace(cluster, status=status, info=None))
        self._publish(EntityKind.CLUSTER, ChangeAction.UPDATED, cluster.uuid)
        return replace(cluster, status=status)

    # `creator` is for the served API, where each request acts for its token's user; the
    # console acts for `acting_user`.
    async def install_cluster(self, args: ClusterArgs, *, creator: str | None = None) -> Job:
        self._check_writable()
        await self.kube.check_configured()
        return await self.engine.install(args, creator or self.acting_user)

    async def update_cluster(self, args: ClusterArgs, *, creator: str | None = None) -> Job:
        self._check_writable()
        await self.kube.check_configured()
        return await self.engine.update(args, creator or self.acting_user)

    async def delete_cluster(self, uuid: str, *, creator: str | None = None) -> Job:
        self._check_writable()
        return await self.engine.delete(uuid, creator or self.acting_user)

    async def preflight(self, args: ClusterArgs) -> list[PreflightCheck]:
        """Asks the cluster of the kubeconfig (backend/embedded/preflight.py). A missing
        namespace passes: the console creates it, unless it runs read-only."""
        from backend.embedded.preflight import embedded_preflight

        creates = EMBEDDED_CAPABILITIES.creates_namespaces and not self.options.read_only
        return await embedded_preflight(args, self.kube, self.charts, creates_namespaces=creates)

    async def preview(self, args: ClusterArgs) -> DeployPreview:
        """A dry-run render with the chart an install would use; diffed against the stored
        live cluster of the same name and namespace, if there is one."""
        from backend.render.deploy_preview import deploy_preview, request_for
        from backend.render.manifest_render import ManifestRenderer

        request = await request_for(args)
        deployed = await self.store.read.clusters.find_live(request.namespace, request.name)
        return await deploy_preview(ManifestRenderer(self.helm, self.charts), request, deployed)

    # --- jobs ------------------------------------------------------------------------------
    async def list_jobs(self, *, summary: bool = False) -> list[Job]:
        if summary:
            # Read by pages, so that building 100,000 models lets the console draw between
            # pages instead of stopping it for half a second.
            pages = self._summary_pages(JOB_PAGE_SIZE)
            return [job async for page in pages for job in page.jobs]
        return await self.store.read.jobs.list_all()

    async def iter_jobs(
        self, *, summary: bool = False, page_size: int = JOB_PAGE_SIZE
    ) -> AsyncIterator[JobPage]:
        """Summaries are read a page at a time from the database (by key, on a narrow index),
        so the first page costs the same with 100 jobs or 100,000; whole jobs as one list."""
        if summary:
            pages = self._summary_pages(page_size)
        else:
            pages = super().iter_jobs(summary=False, page_size=page_size)
        async for page in pages:
            yield page

    async def _summary_pages(self, page_size: int) -> AsyncIterator[JobPage]:
        table = self.store.read.jobs
        total = await table.count_live()
        size, last_id = max(1, page_size), 0
        while True:
            jobs = await table.summaries_after(last_id, size)
            if jobs or last_id == 0:
                yield JobPage(jobs, total)
            if len(jobs) < size:
                return
            last_id = jobs[-1].record.id

    async def unfinished_jobs(self) -> list[Job]:
        """Read on the partial index that holds exactly the unfinished jobs."""
        return await self.store.read.jobs.non_terminal()

    async def get_job(self, uuid: str) -> Job:
        job = await self.store.read.jobs.get(uuid)
        if job is None:
            raise NotFound(f"job {uuid}: no such job (or its record was deleted)")
        return job

    async def stop_job(self, uuid: str) -> Job:
        self._check_writable()
        return await self.engine.stop(uuid)

    async def delete_job(self, uuid: str) -> None:
        """Delete a finished job's record. A job still in progress must be stopped first:
        KubeFATE lets its worker vanish and leaves the cluster `Creating` forever (§1.5.5)."""
        self._check_writable()
        async with self.store.transaction() as tx:
            job = await tx.jobs.get(uuid)
            if job is None:
                raise NotFound(f"job {uuid}: no such job (or its record was deleted)")
            if not job.status.is_terminal:
                raise Conflict(
                    f"job {uuid} is {job.status.value}; stop it or let it finish before "
                    "deleting its record"
                )
            await tx.jobs.soft_delete(uuid)
        self._publish(EntityKind.JOB, ChangeAction.DELETED, uuid)

    # --- charts ----------------------------------------------------------------------------
    async def list_charts(self) -> list[HelmChart]:
        """Uploaded charts, then the bundled ones that no upload replaces."""
        return [located.chart for located in await self.charts.list_charts()]

    async def get_chart(self, uuid: str) -> HelmChart:
        chart = await self.charts.get(uuid)
        if chart is None:
            raise NotFound(f"chart {uuid}: no such chart (or it was deleted)")
        return chart

    async def upload_chart(self, archive: bytes) -> HelmChart:
        from backend.charts.chart_archive import ChartArchiveError, read_chart_archive
        from backend.heavy_work import run_heavy

        self._check_writable()
        try:
            chart = await run_heavy(read_chart_archive, archive)
        except ChartArchiveError as error:
            raise InvalidRequest(str(error)) from None
        async with self.store.transaction() as tx:
            stored = await tx.charts.replace(chart)
        self._publish(EntityKind.CHART, ChangeAction.CREATED, stored.uuid)
        return stored

    async def delete_chart(self, uuid: str) -> None:
        """Soft-delete an uploaded chart; a bundled one is refused (Conflict): it is part of
        kubefate-tui, and comes back at the next start anyway."""
        self._check_writable()
        bundled = self.charts.bundled_chart(uuid)
        if bundled is not None:
            raise Conflict(
                f"chart {bundled.name} {bundled.version} is bundled with kubefate-tui and cannot "
                "be deleted; to use another chart of that name and version, upload it: an "
                "uploaded chart takes precedence over the bundled one"
            )
        async with self.store.transaction() as tx:
            if not await tx.charts.soft_delete(uuid):
                raise NotFound(f"chart {uuid}: no such chart (or it was deleted)")
        self._publish(EntityKind.CHART, ChangeAction.DELETED, uuid)

    async def value_template_example(self, chart_name: str, chart_version: str) -> str:
        """The chart's example cluster.yaml (pulled from the chart repository if need be)."""
        return await self.charts.values_template_example(chart_name, chart_version)

    # --- kubernetes ------------------------------------------------------------------------
    async def list_namespaces(self) -> list[Namespace]:
        from backend.kube.namespaces import list_namespaces

        listing = await list_namespaces(await self.kube.connection())
        if listing.degraded is not None:
            raise PermissionDenied(listing.degraded)
        return listing.namespaces

    async def create_namespace(self, name: str) -> Namespace:
        from backend.kube.namespaces import create_namespace

        self._check_writable()
        return await create_namespace(await self.kube.connection(), name)

    async def cluster_reasons(self, uuid: str) -> list[str]:
        from backend.kube.diagnostics import diagnose

        cluster = await self.get_cluster_record(uuid)
        connection = await self.kube.connection()
        return (await diagnose(connection, cluster.namespace, cluster.name)).reasons()

    async def cluster_logs(self, uuid: str, query: LogQuery) -> str:
        from backend.kube.logs import cluster_logs

        cluster = await self.get_cluster_record(uuid)
        connection = await self.kube.connection()
        return await cluster_logs(connection, cluster.namespace, cluster.name, query)

    async def follow_logs(self, uuid: str, query: LogQuery) -> AsyncIterator[str]:
        from backend.kube.logs import follow_cluster_logs

        cluster = await self.get_cluster_record(uuid)
        connection = await self.kube.connection()
        lines = follow_cluster_logs(connection, cluster.namespace, cluster.name, query)
        async with contextlib.aclosing(lines):
            async for line in lines:
                yield line

    async def get_cluster_record(self, uuid: str) -> Cluster:
        """The stored cluster, without asking Kubernetes."""
        cluster = await self.store.read.clusters.get(uuid)
        if cluster is None:
            raise NotFound(f"cluster {uuid}: no such cluster (or it was deleted)")
        return cluster

    # --- users -----------------------------------------------------------------------------
    async def list_users(self) -> list[User]:
        await self.ready_accounts()  # a first start lists the admin it is creating
        return await self.store.read.users.list_all()

    async def create_user(self, username: str, password: str, email: str = "") -> User:
        self._check_writable()
        from backend.auth.accounts import AccountError, UserExists

        try:
            user = await (await self.ready_accounts()).create_user(username, password, email)
        except UserExists as error:
            raise Conflict(str(error)) from None
        except AccountError as error:
            raise InvalidRequest(str(error)) from None
        self._publish(EntityKind.USER, ChangeAction.CREATED, user.uuid)
        return user

    async def get_user(self, uuid: str) -> User:
        user = await self.store.read.users.get(uuid)
        if user is None:
            raise NotFound(f"user {uuid}: no such user")
        return user

    async def update_user(
        self,
        uuid: str,
        *,
        username: str | None = None,
        email: str | None = None,
        password: str | None = None,
    ) -> User:
        """Change a user's email and/or password (re-hashed with a fresh salt). The username
        cannot change: it is the identity in every token and on every job."""
        self._check_writable()
        current = await self.get_user(uuid)
        if username is not None and username != current.username:
            raise InvalidRequest("username: cannot be changed; create a new user instead")
        from backend.auth.accounts import AccountError

        try:
            accounts = await self.ready_accounts()
            updated = await accounts.update_user(uuid, email=email, password=password)
        except AccountError as error:
            raise InvalidRequest(str(error)) from None
        if updated is None:
            raise NotFound(f"user {uuid}: no such user")
        self._publish(EntityKind.USER, ChangeAction.UPDATED, uuid)
        return updated

    async def delete_user(self, uuid: str, *, acting_user: str | None = None) -> None:
        self._check_writable()
        from backend.auth.accounts import AccountError

        try:
            deleted = await (await self.ready_accounts()).delete_user(
                uuid, acting_user=acting_user or self.acting_user
            )
        except AccountError as error:
            raise Conflict(str(error)) from None
        if deleted is None:
            raise NotFound(f"user {uuid}: no such user")
        self._publish(EntityKind.USER, ChangeAction.DELETED, uuid)
