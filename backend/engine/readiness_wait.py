"""Waiting for a cluster's workloads to become ready, on watch events rather than polling.

KubeFATE re-reads Kubernetes every second (install) or five (update). We follow the workload
watch, so a module turning Available shows at once; a one-second tick still advances the
`checkout Cluster status [N]` counter, checks the deadline, and notices a stop requested by
another process sharing the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from enum import Enum

from backend.engine import job_states
from backend.engine.job_run import JobRun
from backend.engine.ports import ClusterTarget, WorkloadObserver, WorkloadStates
from backend.engine.sub_jobs import merge_sub_jobs
from backend.models import JobStatus
from backend.models.readiness import cluster_ready
from backend.models.wire import now

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0


class WaitOutcome(Enum):
    READY = "ready"
    TIMEOUT = "timeout"
    STOPPED = "stopped"
    JOB_GONE = "job gone"


class _LatestStates:
    """The newest workload states from the watch, and an event set whenever they change."""

    def __init__(self) -> None:
        self.states: WorkloadStates | None = None
        self.changed = asyncio.Event()
        self.error: BaseException | None = None

    async def follow(self, observer: WorkloadObserver, target: ClusterTarget) -> None:
        try:
            async for states in observer.watch(target):
                self.states = dict(states)
                self.changed.set()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the watch reconnects itself; this is a final failure
            log.warning("%s: the workload watch gave up", target.name, exc_info=True)
            self.error = error
            self.changed.set()


async def wait_until_ready(
    run: JobRun,
    observer: WorkloadObserver,
    target: ClusterTarget,
    deadline: datetime,
    stop_requested: asyncio.Event,
    *,
    show_counter: bool,
) -> WaitOutcome:
    """Update the job's sub-jobs as workloads change, until ready, stopped, or out of time.

    `show_counter` keeps install's `checkout Cluster status [N]` line current (update jobs
    have no such line in KubeFATE).
    """
    latest = _LatestStates()
    follower = asyncio.create_task(latest.follow(observer, target))
    try:
        while True:
            await _next_wake(latest.changed, stop_requested)
            latest.changed.clear()
            outcome = await _check(
                run, observer, target, latest, deadline, stop_requested, show_counter
            )
            if outcome is not None:
                return outcome
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower


async def _next_wake(changed: asyncio.Event, stop_requested: asyncio.Event) -> None:
    waiters = [asyncio.create_task(changed.wait()), asyncio.create_task(stop_requested.wait())]
    try:
        await asyncio.wait(waiters, timeout=TICK_SECONDS, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def _check(
    run: JobRun,
    observer: WorkloadObserver,
    target: ClusterTarget,
    latest: _LatestStates,
    deadline: datetime,
    stop_requested: asyncio.Event,
    show_counter: bool,
) -> WaitOutcome | None:
    stored = await run.reload()
    if stored is None:
        return WaitOutcome.JOB_GONE
    if stop_requested.is_set() or stored.status is JobStatus.STOPPING:
        return WaitOutcome.STOPPED
    moment = now()
    if moment > deadline:
        return WaitOutcome.TIMEOUT
    states = latest.states
    if latest.error is not None:  # the watch gave up: fall back to reading the state each tick
        try:
            states = await observer.states(target)
        except Exception:  # the next tick tries again
            log.warning("%s: the workloads could not be read", target.name, exc_info=True)
    sub_jobs = run.job.sub_jobs
    if states is not None:
        sub_jobs = merge_sub_jobs(run.job.sub_jobs, states, run.job.start_time, moment)
    checkout = job_states.checkout(run.elapsed_seconds(moment)) if show_counter else None
    counter_moved = checkout is not None and (run.job.states or ())[-1:] != (checkout,)
    if sub_jobs != run.job.sub_jobs or counter_moved:
        await run.change(checkout=checkout, sub_jobs=sub_jobs)
    return WaitOutcome.READY if states is not None and cluster_ready(states) else None
