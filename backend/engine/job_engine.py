"""The job engine: accepts install, update and delete requests, runs each as a task, and
finishes what a crash left behind (docs/kubefate-behaviour.md §3).

Accepting a job is synchronous and decisive: the checks and the insert happen in one
transaction, and the store's unique index lets only one unfinished job per cluster exist, even
with concurrent requests from several processes. Running it is asynchronous: one asyncio task
per job, whose every step is committed and then published.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from backend.engine import job_states
from backend.engine.cluster_document import read_cluster_document
from backend.engine.delete_job import run_delete
from backend.engine.install_job import run_install
from backend.engine.job_run import JobRun
from backend.engine.outcome_words import error_text
from backend.engine.ports import ClusterTarget, EngineParts
from backend.engine.release_ownership import foreign, is_ours
from backend.engine.update_job import run_update
from backend.engine.upgrade_rules import check_fate_upgrade
from backend.errors import Conflict, InvalidRequest, NotFound
from backend.events import ChangeAction, ChangeEvent, EntityKind, EventBus
from backend.models import Cluster, ClusterArgs, ClusterStatus, Job, JobMethod, JobStatus
from backend.models.job import DEFAULT_TIME_LIMIT
from backend.models.readiness import cluster_ready
from backend.models.wire import now
from backend.store import Store, StoreConflict

log = logging.getLogger(__name__)

JobBody = Callable[[JobRun, asyncio.Event], Awaitable[None]]
RECONCILE_SECONDS = 30.0  # per cluster, when recovering after a crash


@dataclass
class _Running:
    task: asyncio.Task[None]
    stop_requested: asyncio.Event


class JobEngine:
    def __init__(
        self,
        store: Store,
        events: EventBus,
        parts: EngineParts,
        *,
        time_limit: timedelta = DEFAULT_TIME_LIMIT,
    ) -> None:
        self._store = store
        self._events = events
        self._parts = parts
        self.time_limit = time_limit
        self._running: dict[str, _Running] = {}
        self._background: set[asyncio.Task[None]] = set()

    # --- accepting jobs --------------------------------------------------------------------
    async def install(self, args: ClusterArgs, creator: str) -> Job:
        """Accept an install (§3.2): refused at once if the cluster exists or is busy."""
        _check_args(args)
        await read_cluster_document(args.data)  # refuse a broken document now, not in the job
        async with self._store.transaction() as tx:
            if await tx.clusters.find_live(args.namespace, args.name) is not None:
                raise Conflict(
                    f"name={args.name} & namespace={args.namespace} Cluster already existed"
                )
            job = await self._insert(tx.jobs.insert, JobMethod.INSTALL, args, creator)
        return self._start(job, None, self._install_body)

    async def update(self, args: ClusterArgs, creator: str) -> Job:
        """Accept an update (§3.3) of the live cluster named by the args."""
        _check_args(args)
        spec = await read_cluster_document(args.data)
        async with self._store.transaction() as tx:
            cluster = await tx.clusters.find_live(args.namespace, args.name)
            if cluster is None:
                raise NotFound(f"name={args.name} Cluster is not existed")
            if cluster.chart_name == "fate":
                check_fate_upgrade(cluster.spec or {}, spec)
            job = await self._insert(
                tx.jobs.insert, JobMethod.UPDATE, args, creator, cluster_id=cluster.uuid
            )
        return self._start(job, cluster, self._update_body)

    async def delete(self, cluster_uuid: str, creator: str) -> Job:
        """Accept the deletion (§3.4) of a live cluster."""
        async with self._store.transaction() as tx:
            cluster = await tx.clusters.get(cluster_uuid)
            if cluster is None:
                raise NotFound(f"cluster {cluster_uuid}: record not found")
            # KubeFATE's delete jobs carry no args; ours name the cluster so that the
            # one-unfinished-job-per-cluster rule covers deletes too.
            args = ClusterArgs(
                cluster.name, cluster.namespace, cluster.chart_name, cluster.chart_version
            )
            job = await self._insert(
                tx.jobs.insert, JobMethod.DELETE, args, creator, cluster_id=cluster.uuid
            )
        return self._start(job, cluster, lambda run, _: run_delete(run, self._parts))

    async def stop(self, job_uuid: str) -> Job:
        """Ask a running install or update job to stop (§3.5); returns it as `Stopping`."""
        async with self._store.transaction() as tx:
            job = await tx.jobs.get(job_uuid)
            if job is None:
                raise NotFound("get job by jobID error, please check job ID, record not found")
            if job.method is JobMethod.DELETE:
                raise Conflict(f"{job.method.value} type jobs do not support stop")
            if job.status not in (JobStatus.PENDING, JobStatus.RUNNING):
                raise Conflict(f"job status is {job.status.value}, not support stop")
            job = await tx.jobs.save(replace(job, status=JobStatus.STOPPING))
        self._publish(EntityKind.JOB, job.uuid)
        running = self._running.get(job_uuid)
        if running is not None:
            running.stop_requested.set()
        return job

    # --- running them ----------------------------------------------------------------------
    async def _install_body(self, run: JobRun, stop: asyncio.Event) -> None:
        await run_install(run, self._parts, stop, self._deadline(run.job))

    async def _update_body(self, run: JobRun, stop: asyncio.Event) -> None:
        await run_update(run, self._parts, stop, self._deadline(run.job))

    def _deadline(self, job: Job) -> datetime:
        return (job.start_time or now()) + job.time_limit

    def _start(self, job: Job, cluster: Cluster | None, body: JobBody) -> Job:
        self._publish(EntityKind.JOB, job.uuid, ChangeAction.CREATED)
        run = JobRun(self._store, self._events, job, cluster)
        stop = asyncio.Event()
        task = asyncio.create_task(self._guarded(run, stop, body), name=f"job {job.uuid}")
        self._running[job.uuid] = _Running(task, stop)
        task.add_done_callback(lambda _: self._running.pop(job.uuid, None))
        return job

    async def _guarded(self, run: JobRun, stop: asyncio.Event, body: JobBody) -> None:
        """Run a job; an unexpected error finishes it as Failed instead of leaving it hanging."""
        try:
            await body(run, stop)
        except asyncio.CancelledError:
            raise  # shutting down: recover() finishes the job at the next start
        except Exception as error:
            log.exception("job %s failed unexpectedly", run.job.uuid)
            try:
                await run.change(
                    status=JobStatus.FAILED,
                    state=f"internal error, {error_text(error)}",
                    finished=True,
                )
            except Exception:
                log.exception("job %s: its failure could not be recorded", run.job.uuid)

    async def _insert(
        self,
        insert: Callable[[Job], Awaitable[Job]],
        method: JobMethod,
        args: ClusterArgs,
        creator: str,
        cluster_id: str = "",
    ) -> Job:
        job = Job(
            uuid=str(uuid.uuid4()),
            method=method,
            creator=creator,
            start_time=now(),
            cluster_id=cluster_id,
            status=JobStatus.PENDING,
            time_limit=self.time_limit,
            meta_data=args,
            states=(),
        )
        try:
            return await insert(job)
        except StoreConflict as error:
            raise Conflict(str(error)) from None

    # --- start and stop of the engine ------------------------------------------------------
    async def recover(self) -> list[Job]:
        """Finish every job a crash left unfinished (§3.8), then set each one's cluster from
        what Helm and Kubernetes say, in the background: an unreachable cluster must not hold
        up the start. `wait_idle()` waits for that too."""
        finished: list[Job] = []
        runs: list[JobRun] = []
        for job in await self._store.read.jobs.non_terminal():
            if job.uuid in self._running:
                continue
            run = await self._interrupt(job)
            finished.append(run.job)
            if run.cluster is not None and run.cluster.record.deleted_at is None:
                runs.append(run)
        if runs:
            task = asyncio.create_task(self._reconcile_all(runs), name="reconcile clusters")
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return finished

    async def _interrupt(self, job: Job) -> JobRun:
        run = JobRun(self._store, self._events, job)
        if job.cluster_id:
            run.cluster = await self._store.read.clusters.get(job.cluster_id, include_deleted=True)
        await run.change(status=JobStatus.FAILED, state=job_states.INTERRUPTED, finished=True)
        return run

    async def _reconcile_all(self, runs: list[JobRun]) -> None:
        for run in runs:
            try:
                await asyncio.wait_for(self._reconcile(run), RECONCILE_SECONDS)
            except Exception:  # TimeoutError included
                log.exception(
                    "cluster %s could not be reconciled; its status is Unknown", run.subject
                )
                try:
                    await run.save_cluster(status=ClusterStatus.UNKNOWN)
                except Exception:
                    log.exception("%s: its Unknown status could not be saved", run.subject)

    async def _reconcile(self, run: JobRun) -> None:
        """Set the cluster from its release: gone, or someone else's (our install never made
        it), means the record goes; otherwise Running or Unavailable from the workloads."""
        cluster = run.cluster
        assert cluster is not None
        target = ClusterTarget(cluster.name, cluster.namespace)
        try:
            release = await self._parts.releases.release(target)
            ours = release is not None and is_ours(release, cluster)
            states = await self._parts.workloads.states(target) if ours else {}
        except Exception:
            log.warning("cluster %s: Helm or Kubernetes did not answer", run.subject, exc_info=True)
            await run.save_cluster(status=ClusterStatus.UNKNOWN)
            return
        if release is None or not ours:
            if release is not None:
                left = (await foreign(release, self._store)).left_alone("touched")
                await run.change(state=job_states.record_only(left))
            await run.delete_cluster()
            return
        ready = cluster_ready(states)
        await run.save_cluster(
            status=ClusterStatus.RUNNING if ready else ClusterStatus.UNAVAILABLE,
            helm_revision=release.revision,
            revision=max(cluster.revision, 1),
        )

    async def close(self) -> None:
        """Cancel running job tasks; their jobs are finished by `recover()` at next start."""
        tasks = [running.task for running in self._running.values()] + list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def wait_idle(self) -> None:
        """Wait until no job task or reconciliation runs (tests and orderly shutdown)."""
        while self._running or self._background:
            tasks = [running.task for running in self._running.values()]
            await asyncio.gather(*tasks, *self._background, return_exceptions=True)

    def _publish(
        self, kind: EntityKind, uuid_: str, action: ChangeAction = ChangeAction.UPDATED
    ) -> None:
        self._events.publish(ChangeEvent(kind, action, uuid_))


def _check_args(args: ClusterArgs) -> None:
    if not args.chart_name or not args.chart_version:
        raise InvalidRequest("chartVersion cannot be empty")  # KubeFATE's words, for both
    for field, value in (("name", args.name), ("namespace", args.namespace)):
        if not value:
            raise InvalidRequest(f"{field}: must not be empty")
