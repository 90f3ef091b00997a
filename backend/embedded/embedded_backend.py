"""The embedded backend over the store: users, charts, and the records of clusters and jobs.

Deploying (install, update, delete, stop), namespaces and logs need Kubernetes and Helm; they
come with the job engine (issue 3). Until then those operations raise `Unavailable` saying so,
and everything the store alone can answer is served here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

from backend.auth import (
    DEFAULT_TOKEN_LIFETIME,
    AccountError,
    Accounts,
    LoginFailed,
    SecretFileError,
    TokenIssuer,
    UserExists,
    load_or_create_secret,
)
from backend.charts.chart_archive import ChartArchiveError, read_chart_archive
from backend.charts.version_hint import near_miss_hint
from backend.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidRequest,
    NotFound,
    ReadOnlyMode,
    Unavailable,
)
from backend.events import ChangeAction, ChangeEvent, EntityKind, EventBus, Subscription
from backend.interface import (
    KUBEFATE_SERVICE_VERSION,
    Backend,
    BackendDescription,
    BackendKind,
    Session,
)
from backend.models import Cluster, ClusterArgs, HelmChart, Job, LogQuery, Namespace, User
from backend.paths import secret_path_for
from backend.store import Store, StoreError


@dataclass(frozen=True, slots=True)
class EmbeddedOptions:
    db_path: Path
    admin_username: str = "admin"
    admin_password: str = "admin"
    token_lifetime: timedelta = DEFAULT_TOKEN_LIFETIME
    secret_path: Path | None = None  # default: beside the database
    read_only: bool = False
    kube_context: str = ""
    acting_user: str = field(default="")  # whose name goes on jobs; default: the admin


class EmbeddedBackend(Backend):
    def __init__(self, options: EmbeddedOptions) -> None:
        self.options = options
        self.events = EventBus()
        self._store: Store | None = None
        self._accounts: Accounts | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def describe(self) -> BackendDescription:
        return BackendDescription(
            kind=BackendKind.EMBEDDED,
            location=str(self.options.db_path),
            username=self.acting_user,
            kube_context=self.options.kube_context,
            read_only=self.options.read_only,
        )

    @property
    def acting_user(self) -> str:
        return self.options.acting_user or self.options.admin_username

    async def start(self) -> None:
        """Open the database, load the token key, make sure the admin exists.

        Any failure is an `Unavailable` naming the file at fault, and leaves nothing open.
        """
        try:
            store = await Store.open(self.options.db_path)
        except StoreError as error:
            raise Unavailable(str(error)) from None
        try:
            secret_path = self.options.secret_path or secret_path_for(self.options.db_path)
            issuer = TokenIssuer(load_or_create_secret(secret_path), self.options.token_lifetime)
            accounts = Accounts(store, issuer)
            if not self.options.read_only:
                await accounts.ensure_admin(
                    self.options.admin_username, self.options.admin_password
                )
        except (OSError, SecretFileError, StoreError, AccountError) as error:
            await store.close()
            raise Unavailable(f"cannot start the embedded backend: {error}") from None
        except BaseException:
            await store.close()
            raise
        self._store, self._accounts = store, accounts

    async def close(self) -> None:
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

    def subscribe(self) -> Subscription:
        return self.events.subscribe()

    def _publish(self, kind: EntityKind, action: ChangeAction, uuid: str) -> None:
        self.events.publish(ChangeEvent(kind, action, uuid))

    def _check_writable(self) -> None:
        if self.options.read_only:
            raise ReadOnlyMode("the console was started with --read-only; no change was made")

    # --- session ---------------------------------------------------------------------------
    async def login(self, username: str, password: str) -> Session:
        try:
            issued = await self.accounts.login(username, password)
        except LoginFailed as error:
            raise AuthenticationFailed(str(error)) from None
        return Session(username=issued.username, expires=issued.expires)

    async def version(self) -> str:
        return KUBEFATE_SERVICE_VERSION

    # --- clusters --------------------------------------------------------------------------
    async def list_clusters(self, *, include_deleted: bool = False) -> list[Cluster]:
        return await self.store.read.clusters.list_all(include_deleted=include_deleted)

    async def get_cluster(self, uuid: str) -> Cluster:
        cluster = await self.store.read.clusters.get(uuid)
        if cluster is None:
            raise NotFound(f"cluster {uuid}: no such cluster (or it was deleted)")
        return cluster

    async def install_cluster(self, args: ClusterArgs) -> Job:
        self._needs_engine("installing a cluster")

    async def update_cluster(self, args: ClusterArgs) -> Job:
        self._needs_engine("updating a cluster")

    async def delete_cluster(self, uuid: str) -> Job:
        self._needs_engine("deleting a cluster")

    # --- jobs ------------------------------------------------------------------------------
    async def list_jobs(self) -> list[Job]:
        return await self.store.read.jobs.list_all()

    async def get_job(self, uuid: str) -> Job:
        job = await self.store.read.jobs.get(uuid)
        if job is None:
            raise NotFound(f"job {uuid}: no such job (or its record was deleted)")
        return job

    async def stop_job(self, uuid: str) -> Job:
        await self.get_job(uuid)
        self._needs_engine("stopping a job")

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
        return await self.store.read.charts.list_all()

    async def get_chart(self, uuid: str) -> HelmChart:
        chart = await self.store.read.charts.get(uuid)
        if chart is None:
            raise NotFound(f"chart {uuid}: no such chart (or it was deleted)")
        return chart

    async def upload_chart(self, archive: bytes) -> HelmChart:
        self._check_writable()
        try:
            chart = read_chart_archive(archive)
        except ChartArchiveError as error:
            raise InvalidRequest(str(error)) from None
        async with self.store.transaction() as tx:
            stored = await tx.charts.replace(chart)
        self._publish(EntityKind.CHART, ChangeAction.CREATED, stored.uuid)
        return stored

    async def delete_chart(self, uuid: str) -> None:
        self._check_writable()
        async with self.store.transaction() as tx:
            if not await tx.charts.soft_delete(uuid):
                raise NotFound(f"chart {uuid}: no such chart (or it was deleted)")
        self._publish(EntityKind.CHART, ChangeAction.DELETED, uuid)

    async def value_template_example(self, chart_name: str, chart_version: str) -> str:
        chart = await self.store.read.charts.find(chart_name, chart_version)
        if chart is None:
            known = await self.store.read.charts.list_all()
            hint = near_miss_hint(chart_name, chart_version, [(c.name, c.version) for c in known])
            raise NotFound(f"chart {chart_name} {chart_version} is not uploaded{hint}")
        return chart.values_template_example

    # --- kubernetes ------------------------------------------------------------------------
    async def list_namespaces(self) -> list[Namespace]:
        self._needs_engine("listing namespaces")

    async def cluster_logs(self, uuid: str, query: LogQuery) -> str:
        self._needs_engine("reading logs")

    async def follow_logs(self, uuid: str, query: LogQuery) -> AsyncIterator[str]:
        self._needs_engine("following logs")
        yield ""  # pragma: no cover - makes this an async generator, never reached

    # --- users -----------------------------------------------------------------------------
    async def list_users(self) -> list[User]:
        return await self.store.read.users.list_all()

    async def create_user(self, username: str, password: str, email: str = "") -> User:
        self._check_writable()
        try:
            user = await self.accounts.create_user(username, password, email)
        except UserExists as error:
            raise Conflict(str(error)) from None
        except AccountError as error:
            raise InvalidRequest(str(error)) from None
        self._publish(EntityKind.USER, ChangeAction.CREATED, user.uuid)
        return user

    async def delete_user(self, uuid: str) -> None:
        self._check_writable()
        try:
            deleted = await self.accounts.delete_user(uuid, acting_user=self.acting_user)
        except AccountError as error:
            raise Conflict(str(error)) from None
        if deleted is None:
            raise NotFound(f"user {uuid}: no such user")
        self._publish(EntityKind.USER, ChangeAction.DELETED, uuid)

    # --- helpers ---------------------------------------------------------------------------
    def _needs_engine(self, what: str) -> NoReturn:
        raise Unavailable(
            f"{what} needs Kubernetes and Helm, which this build of the embedded backend "
            "does not drive yet; use --remote with a KubeFATE service meanwhile"
        )
