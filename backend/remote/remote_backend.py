"""The remote backend: a KubeFATE service over its REST API v1 (docs/kubefate-behaviour.md §1).

Each method is one canonical route of §1.4 (list routes with the trailing slash, create/update
without), decoded leniently (response_reading.py) into the shared models. Transport, tokens and
retries live in http_session.py; log following in log_follow.py; change events in
change_poller.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import math
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from backend.errors import (
    BackendError,
    InvalidRequest,
    NotFound,
    Unavailable,
)
from backend.events import Subscription
from backend.feed_wire import JOB_PAGE_PATH
from backend.interface import (
    EMBEDDED_CAPABILITIES,
    JOB_PAGE_SIZE,
    REMOTE_CAPABILITIES,
    Backend,
    BackendDescription,
    BackendKind,
    ConnectionListener,
    ConnectionReport,
    JobPage,
    Session,
)
from backend.models import Cluster, ClusterArgs, HelmChart, Job, LogQuery, Namespace, User
from backend.models.deploy_preview import DeployPreview
from backend.models.info_status import info_reasons
from backend.models.preflight import PreflightCheck
from backend.models.wire import WireFormatError, field, format_time_seconds
from backend.remote.change_poller import ChangePoller
from backend.remote.connection_state import (
    ConnectionMonitor,
    ConnectionPhase,
    ConnectionState,
)
from backend.remote.feed_follower import FeedFollower
from backend.remote.http_session import HttpSession, QueryParams
from backend.remote.log_follow import follow_lines
from backend.remote.remote_settings import RemoteSettings
from backend.remote.response_reading import (
    data_of,
    object_of,
    objects_of,
    quote_start,
    read_answer,
    request_label,
)

NO_NAMESPACE_ROUTE = (
    "cannot create namespace {name!r}: the KubeFATE REST API v1 has no route to create "
    "namespaces (KubeFATE never creates them); create it with "
    "`kubectl create namespace {name}` on the cluster the service manages"
)


def _segment(value: str) -> str:
    """A path segment, escaped (a uuid pasted with a slash must not reach another route)."""
    return quote(value, safe="")


def log_params(query: LogQuery) -> dict[str, str | int]:
    """§1.5.7's query parameters for `query`; unset ones are left out, as the Go CLI does."""
    params: dict[str, str | int] = {}
    if query.container:
        params["container"] = query.container
    if query.previous:
        params["previous"] = "true"
    if query.since is not None and query.since > timedelta(0):
        # Whole seconds, at least 1: Kubernetes refuses sinceSeconds=0.
        params["since"] = max(math.ceil(query.since.total_seconds()), 1)
    elif query.since_time is not None:
        params["since-time"] = format_time_seconds(query.since_time)
    if query.timestamps:
        params["timestamps"] = "true"
    if query.tail is not None and query.tail >= 0:  # the CLI's -1 means "all": not sent
        params["tail"] = query.tail
    if query.limit_bytes is not None and query.limit_bytes > 0:
        params["limit-bytes"] = query.limit_bytes
    return params


Readable = TypeVar("Readable", Cluster, Job, HelmChart)
FEED_EVENT_KINDS = EMBEDDED_CAPABILITIES.event_kinds  # the feed carries every kind
PAGE_LIMIT = 5000  # the most the service's paged listing gives at once


def connection_report(state: ConnectionState, retry_in: float | None = None) -> ConnectionReport:
    """`state` in the Backend interface's words (connected is None before the first try)."""
    connected = None if state.phase is ConnectionPhase.UNKNOWN else state.connected
    return ConnectionReport(connected, state.reason, retry_in)


class RemoteBackend(Backend):
    """Users, charts, clusters and jobs of a KubeFATE service (ours or the Go one)."""

    def __init__(
        self, settings: RemoteSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.monitor = ConnectionMonitor()
        self.session = HttpSession(settings, monitor=self.monitor, transport=transport)
        self.poller = ChangePoller(
            fetch_jobs=self._poll_jobs,
            fetch_clusters=self._poll_clusters,
            interval=settings.poll_interval,
            max_backoff=settings.poll_max_backoff,
            on_failure=self._poll_failed,
            feed=lambda bus: FeedFollower(self.session, bus.publish),
            fetch_job=self._poll_job,
        )
        self._retry_listeners: list[ConnectionListener] = []
        self._jobs_listing: asyncio.Future[list[Job]] | None = None
        self._last_jobs: tuple[bytes, list[Job]] = (b"", [])  # the answer's digest, its jobs
        self._jobs_read_at = -math.inf  # time.monotonic() of the last listing read, if held

    # --- lifecycle -------------------------------------------------------------------------
    def describe(self) -> BackendDescription:
        capabilities = REMOTE_CAPABILITIES
        if self.session.feed_path:  # the service pushes every change, as an embedded one
            capabilities = replace(capabilities, event_kinds=FEED_EVENT_KINDS, polled=False)
        return BackendDescription(
            kind=BackendKind.REMOTE,
            location=self.settings.base_url,
            username=self.session.username,
            capabilities=capabilities,
        )

    async def start(self) -> None:
        """Log in once. Wrong credentials fail here (AuthenticationFailed); a service that
        cannot be reached does not: the console starts, shows the connection state, and every
        call tries again."""
        with contextlib.suppress(Unavailable):
            await self.session.token()

    async def close(self) -> None:
        await self.poller.aclose()
        await self.session.aclose()

    # --- connection state ------------------------------------------------------------------
    def watch_connection(self, listener: ConnectionListener) -> Callable[[], None]:
        """The connection state as ConnectionReports (the Backend interface): now, on each
        change, and after each failed change poll with the wait before the next try."""
        listener(connection_report(self.monitor.state))
        stop_states = self.monitor.listen(lambda state: listener(connection_report(state)))
        self._retry_listeners.append(listener)

        def stop() -> None:
            stop_states()
            with contextlib.suppress(ValueError):
                self._retry_listeners.remove(listener)

        return stop

    def _poll_failed(self, retry_in: float) -> None:
        state = self.monitor.state
        if state.phase is not ConnectionPhase.UNREACHABLE:
            return  # the service answered, with an error: not a connection problem
        for listener in list(self._retry_listeners):
            listener(connection_report(state, retry_in))

    # --- plumbing --------------------------------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        not_found: str | None = None,
        params: QueryParams | None = None,
        json: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        otherwise: type[BackendError] = Unavailable,
        attempts: int | None = None,
    ) -> tuple[Any, httpx.Response]:
        response = await self.session.send(
            method, path, params=params, json=json, files=files, attempts=attempts
        )
        body = read_answer(response, what=what, not_found=not_found, otherwise=otherwise)
        return body, response

    async def _data(self, method: str, path: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
        body, response = await self._call(method, path, **kwargs)
        return data_of(body, response), response

    @staticmethod
    def _parse(
        parse: Callable[[Mapping[str, Any]], Any], obj: Mapping[str, Any], response: httpx.Response
    ) -> Any:
        try:
            return parse(obj)
        except (WireFormatError, TypeError, ValueError, AttributeError) as error:
            raise Unavailable(
                f"{request_label(response)} answered an object this client cannot read "
                f"({error}); is the service a KubeFATE of another version?"
            ) from None

    async def _read_one(self, model: type[Readable], kind: str, uuid: str, gone: str) -> Readable:
        """GET /v1/<kind>/<uuid> as a `model`; NotFound saying `<kind> <uuid>: <gone>`."""
        data, response = await self._data(
            "GET",
            f"/v1/{kind}/{_segment(uuid)}",
            what=f"read {kind} {uuid}",
            not_found=f"{kind} {uuid}: {gone}",
        )
        found: Readable = self._parse(model.from_wire, object_of(data, response), response)
        return found

    async def _job(self, method: str, path: str, **kwargs: Any) -> Job:
        data, response = await self._data(method, path, **kwargs)
        job: Job = self._parse(Job.from_wire, object_of(data, response), response)
        self._changed_something()
        return job

    # --- session ---------------------------------------------------------------------------
    async def login(self, username: str, password: str) -> Session:
        """Log in as `username`; the backend then acts as that user."""
        token = await self.session.login(username, password)
        return Session(username=token.username, expires=token.expires)

    async def version(self) -> str:
        body, response = await self._call("GET", "/v1/version/", what="read the service version")
        version = field(body, "version") if isinstance(body, Mapping) else None
        if not isinstance(version, str):
            raise Unavailable(f"{request_label(response)} answered without a version")
        return version

    # --- clusters --------------------------------------------------------------------------
    async def list_clusters(self, *, include_deleted: bool = False) -> list[Cluster]:
        return await self._clusters(include_deleted=include_deleted)

    async def _clusters(
        self, *, include_deleted: bool = False, attempts: int | None = None
    ) -> list[Cluster]:
        params = {"all": "true"} if include_deleted else None
        data, response = await self._data(
            "GET", "/v1/cluster/", what="list clusters", params=params, attempts=attempts
        )
        return [self._parse(Cluster.from_wire, o, response) for o in objects_of(data, response)]

    async def get_cluster(self, uuid: str) -> Cluster:
        return await self._read_one(Cluster, "cluster", uuid, "no such cluster (or it was deleted)")

    async def install_cluster(self, args: ClusterArgs) -> Job:
        return await self._job(
            "POST",
            "/v1/cluster",
            what=f"install cluster {args.cluster_key}",
            json=args.to_wire(),
            otherwise=InvalidRequest,
        )

    async def update_cluster(self, args: ClusterArgs) -> Job:
        return await self._job(
            "PUT",
            "/v1/cluster",
            what=f"update cluster {args.cluster_key}",
            not_found=f"cluster {args.cluster_key}: no such cluster to update",
            json=args.to_wire(),
            otherwise=InvalidRequest,
        )

    async def preflight(self, args: ClusterArgs) -> list[PreflightCheck]:
        """What a KubeFATE service can tell: its namespace list and its charts
        (backend/remote/remote_preflight.py)."""
        from backend.remote.remote_preflight import remote_preflight

        return await remote_preflight(self, args)

    async def preview(self, args: ClusterArgs) -> DeployPreview:
        raise Unavailable(
            "a KubeFATE service cannot show what would be deployed: its API has no dry run "
            "(run `kubefate-tui render` on the cluster.yaml with the same chart instead)"
        )

    async def delete_cluster(self, uuid: str) -> Job:
        return await self._job(
            "DELETE",
            f"/v1/cluster/{_segment(uuid)}",
            what=f"delete cluster {uuid}",
            not_found=f"cluster {uuid}: no such cluster (or it was deleted)",
        )

    # --- jobs ------------------------------------------------------------------------------
    async def list_jobs(self, *, summary: bool = False) -> list[Job]:
        if summary and self.session.feed_path:
            return [job async for page in self._job_pages(PAGE_LIMIT) for job in page.jobs]
        # KubeFATE's API has no summary listing: the full jobs always come back. A summary
        # is for a list on screen, which the poller keeps within its interval anyway.
        return await self._jobs(reuse_fresh=summary)

    async def iter_jobs(
        self, *, summary: bool = False, page_size: int = JOB_PAGE_SIZE
    ) -> AsyncIterator[JobPage]:
        """Summaries page by page from a service with the paged listing (`kubefate-tui
        serve`), so the first page shows at once; otherwise the whole list, then pages."""
        if summary and self.session.feed_path:
            pages = self._job_pages(min(max(1, page_size), PAGE_LIMIT))
        else:
            pages = super().iter_jobs(summary=summary, page_size=page_size)
        async for page in pages:
            yield page

    async def unfinished_jobs(self) -> list[Job]:
        """Only the unfinished ones from a service with the paged listing (its `unfinished`
        filter); otherwise picked from the whole list."""
        if not self.session.feed_path:
            return await super().unfinished_jobs()
        pages = self._job_pages(PAGE_LIMIT, unfinished=True)
        return [job async for page in pages for job in page.jobs]

    async def _job_pages(self, limit: int, *, unfinished: bool = False) -> AsyncIterator[JobPage]:
        cursor: str | None = ""
        while cursor is not None:
            params: dict[str, str | int] = {"limit": limit}
            if unfinished:
                params["unfinished"] = "true"
            if cursor:
                params["after"] = cursor
            body, response = await self._call("GET", JOB_PAGE_PATH, what="list jobs", params=params)
            data = data_of(body, response)
            jobs = [self._parse(Job.from_wire, o, response) for o in objects_of(data, response)]
            total = field(body, "total")
            yield JobPage(jobs, total if isinstance(total, int) else len(jobs))
            following = field(body, "next")
            cursor = following if isinstance(following, str) and following else None

    async def _jobs(self, *, attempts: int | None = None, reuse_fresh: bool = False) -> list[Job]:
        """The full job list; callers asking while a listing is on its way share it (three
        parts of the console starting at once send one), and an answer byte for byte the
        same as the last is not read again (the jobs of the last one are). With
        `reuse_fresh`, a listing read less than a poll interval ago (and not outdated by a
        change this client made) is the answer: a screen shown again does not list again."""
        if reuse_fresh and self._jobs_fresh():
            return list(self._last_jobs[1])
        if self._jobs_listing is None or self._jobs_listing.done():
            self._jobs_listing = asyncio.ensure_future(self._read_jobs(attempts))
        return list(await asyncio.shield(self._jobs_listing))

    async def _read_jobs(self, attempts: int | None) -> list[Job]:
        response = await self.session.send("GET", "/v1/job/", attempts=attempts)
        digest = hashlib.blake2b(response.content, digest_size=16).digest()
        last_digest, last_jobs = self._last_jobs
        if response.status_code == 200 and digest == last_digest:
            self._jobs_read_at = time.monotonic()
            return last_jobs
        body = read_answer(response, what="list jobs")
        data = data_of(body, response)
        jobs = [self._parse(Job.from_wire, o, response) for o in objects_of(data, response)]
        self._last_jobs = (digest, jobs)
        self._jobs_read_at = time.monotonic()
        return jobs

    def _jobs_fresh(self) -> bool:
        return time.monotonic() - self._jobs_read_at < self.settings.poll_interval

    def _hold_job(self, uuid: str, job: Job | None) -> None:
        """Put what a single read found into the listing held (None: the job is gone), so
        that the listing stays as fresh as the events the poller publishes from such reads."""
        digest, held = self._last_jobs
        kept = [known for known in held if known.uuid != uuid]
        if job is not None:
            place = next((i for i, known in enumerate(held) if known.uuid == uuid), len(kept))
            kept.insert(place, job)
        self._last_jobs = (digest, kept)

    def _changed_something(self) -> None:
        """After a change this client asked for: poll at once, and list again when asked."""
        self._jobs_read_at = -math.inf
        self.poller.poke()

    async def get_job(self, uuid: str) -> Job:
        return await self._read_one(Job, "job", uuid, "no such job (or its record was deleted)")

    async def stop_job(self, uuid: str) -> Job:
        """Ask the service to stop a running install job; the job as it is afterwards."""
        await self._call(
            "PUT",
            f"/v1/job/{_segment(uuid)}",
            what=f"stop job {uuid}",
            not_found=f"job {uuid}: no such job (or its record was deleted)",
            params={"jobStatus": "stop"},
            otherwise=InvalidRequest,
        )
        self._changed_something()
        return await self.get_job(uuid)

    async def delete_job(self, uuid: str) -> None:
        await self._call(
            "DELETE",
            f"/v1/job/{_segment(uuid)}",
            what=f"delete job {uuid}",
            not_found=f"job {uuid}: no such job (or its record was deleted)",
        )
        self._changed_something()

    # --- charts ----------------------------------------------------------------------------
    async def list_charts(self) -> list[HelmChart]:
        data, response = await self._data("GET", "/v1/chart/", what="list charts")
        return [
            self._parse(HelmChart.from_wire, o, response).summary()
            for o in objects_of(data, response)
        ]

    async def get_chart(self, uuid: str) -> HelmChart:
        return await self._read_one(HelmChart, "chart", uuid, "no such chart (or it was deleted)")

    async def upload_chart(self, archive: bytes) -> HelmChart:
        """POST the archive as multipart field `file`; the stored chart, read back by uuid."""
        data, response = await self._data(
            "POST",
            "/v1/chart",
            what="upload the chart",
            files={"file": ("chart.tgz", archive, "application/gzip")},
            otherwise=InvalidRequest,
        )
        uuid = field(data, "helmUUID") if isinstance(data, Mapping) else None
        if not isinstance(uuid, str) or not uuid:
            raise Unavailable(
                f"{request_label(response)} answered without the new chart's helmUUID: "
                f"{quote_start(response.text)}"
            )
        return await self.get_chart(uuid)

    async def delete_chart(self, uuid: str) -> None:
        await self._call(
            "DELETE",
            f"/v1/chart/{_segment(uuid)}",
            what=f"delete chart {uuid}",
            not_found=f"chart {uuid}: no such chart (or it was deleted)",
        )

    async def value_template_example(self, chart_name: str, chart_version: str) -> str:
        data, response = await self._data(
            "GET",
            f"/v1/chart/valueTemplateExample/{_segment(chart_name)}/{_segment(chart_version)}",
            what=f"read the example cluster.yaml of chart {chart_name} {chart_version}",
            not_found=f"chart {chart_name} {chart_version}: no such chart",
        )
        if data is None:
            return ""
        if not isinstance(data, str):
            raise Unavailable(f"{request_label(response)}: expected text in `data`")
        return data

    # --- kubernetes ------------------------------------------------------------------------
    async def list_namespaces(self) -> list[Namespace]:
        data, response = await self._data("GET", "/v1/namespace/", what="list namespaces")
        return [self._parse(Namespace.from_wire, o, response) for o in objects_of(data, response)]

    async def create_namespace(self, name: str) -> Namespace:
        raise Unavailable(NO_NAMESPACE_ROUTE.format(name=name))

    async def cluster_reasons(self, uuid: str) -> list[str]:
        return info_reasons((await self.get_cluster(uuid)).info)

    async def cluster_logs(self, uuid: str, query: LogQuery) -> str:
        data, response = await self._data(
            "GET",
            f"/v1/log/{_segment(uuid)}",
            what=f"read the logs of cluster {uuid}",
            not_found=f"cluster {uuid}: no such cluster (or it was deleted)",
            params=log_params(query),
        )
        if data is None:
            return ""
        if not isinstance(data, str):
            raise Unavailable(f"{request_label(response)}: expected the log text in `data`")
        return data

    async def follow_logs(self, uuid: str, query: LogQuery) -> AsyncGenerator[str, None]:
        """Log lines over the WebSocket route; close the generator (`aclose()`) to stop."""
        lines = follow_lines(
            self.session,
            f"/v1/log/{_segment(uuid)}/ws",
            log_params(query),
            what=f"follow the logs of cluster {uuid}",
            not_found=f"cluster {uuid}: no such cluster (or it was deleted)",
        )
        async with contextlib.aclosing(lines):
            async for line in lines:
                yield line

    # --- users -----------------------------------------------------------------------------
    async def list_users(self) -> list[User]:
        """Users without their secrets (the Go service leaks hash and salt; User drops them)."""
        data, response = await self._data("GET", "/v1/user/", what="list users")
        return [self._parse(User.from_wire, o, response) for o in objects_of(data, response)]

    async def create_user(self, username: str, password: str, email: str = "") -> User:
        data, response = await self._data(
            "POST",
            "/v1/user",
            what=f"create user {username!r}",
            json={"username": username, "password": password, "email": email},
            otherwise=InvalidRequest,
        )
        user: User = self._parse(User.from_wire, object_of(data, response), response)
        return user

    async def delete_user(self, uuid: str) -> None:
        await self._call(
            "DELETE",
            f"/v1/user/{_segment(uuid)}",
            what=f"delete user {uuid}",
            not_found=f"user {uuid}: no such user",
        )

    # --- live changes ----------------------------------------------------------------------
    def subscribe(self) -> Subscription:
        """Change events from polling the service (it has no push channel)."""
        return self.poller.subscribe()

    async def _poll_jobs(self) -> list[Job]:
        return await self._jobs(attempts=1)  # the poller does its own backing off

    async def _poll_job(self, uuid: str) -> Job | None:
        try:
            data, response = await self._data(
                "GET",
                f"/v1/job/{_segment(uuid)}",
                what=f"read job {uuid}",
                not_found=f"job {uuid}: no such job (or its record was deleted)",
                attempts=1,
            )
        except NotFound:
            self._hold_job(uuid, None)
            return None
        job: Job = self._parse(Job.from_wire, object_of(data, response), response)
        self._hold_job(uuid, job)
        return job

    async def _poll_clusters(self) -> list[Cluster]:
        return await self._clusters(attempts=1)
