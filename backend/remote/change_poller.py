"""Change events for a KubeFATE service, which has no push channel: poll and compare.

A poller task lists jobs and clusters, compares each poll with the previous one (by uuid, and by
the fields a panel shows: status, states, sub-jobs, end time, revision...) and publishes a
ChangeEvent per difference. It runs only while someone is subscribed: started by the first
`subscribe()`, stopped when the last subscription closes. The next poll is scheduled after the
previous one finishes (`interval` later). While the service cannot be reached it backs off
(interval, doubling each failure, at most `max_backoff`), and when the service is back, the first
successful poll is compared with the last one before the outage, so the changes made meanwhile
are delivered too. Connection state goes to the ConnectionMonitor (via the HTTP session).
A poll never costs the service more than its share: the full listings come again only after
`cost_factor` times what they took (a service whose listing takes 0.5 s is listed every 5 s, not
every 2, so that a long history does not keep it busy), and the polls between read only the jobs
the last listing had unfinished, one `GET /v1/job/:id` each: a running job's progress shows
within `interval`, a job created meanwhile at the next full listing.

When the service has a change feed (`kubefate-tui serve`, feed_follower.py), the task follows it
instead and never polls: events arrive as they happen and nothing is listed again. A dropped
feed is resumed (after the same backing off while the service cannot be reached); a service
that comes back without the feed is polled again, after a RESYNC (what changed meanwhile is
not known).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from backend.errors import BackendError
from backend.events import RESYNC, ChangeAction, ChangeEvent, EntityKind, EventBus, Subscription
from backend.models import Cluster, Job
from backend.remote.feed_follower import FeedFollower, FeedGone

Snapshot = dict[str, tuple[Any, ...]]


log = logging.getLogger(__name__)


def job_fingerprint(job: Job) -> tuple[Any, ...]:
    """What about a job a panel shows; a change in any of it is an UPDATED event."""
    sub_jobs = None if job.sub_jobs is None else tuple(sorted(job.sub_jobs.items()))
    return (
        job.status,
        job.states,
        sub_jobs,
        job.start_time,
        job.end_time,
        job.cluster_id,
        job.method,
        job.creator,
        job.record.deleted_at,
    )


def cluster_fingerprint(cluster: Cluster) -> tuple[Any, ...]:
    return (
        cluster.status,
        cluster.revision,
        cluster.helm_revision,
        cluster.name,
        cluster.namespace,
        cluster.chart_name,
        cluster.chart_version,
        cluster.values,
        cluster.record.deleted_at,
    )


def diff(kind: EntityKind, old: Snapshot | None, new: Snapshot) -> list[ChangeEvent]:
    """Events that turn `old` into `new`; none for the first snapshot."""
    if old is None:
        return []
    events = [
        ChangeEvent(kind, ChangeAction.CREATED if uuid not in old else ChangeAction.UPDATED, uuid)
        for uuid, fingerprint in new.items()
        if uuid not in old or old[uuid] != fingerprint
    ]
    events.extend(ChangeEvent(kind, ChangeAction.DELETED, uuid) for uuid in old if uuid not in new)
    return events


class _ClosingSubscription(Subscription):
    """A subscription that tells the poller when it is closed."""

    def __init__(self, bus: _PollerBus, capacity: int) -> None:
        super().__init__(bus, capacity)
        self._poller_bus = bus

    def close(self) -> None:
        super().close()
        self._poller_bus.subscription_closed()


class _PollerBus(EventBus):
    def __init__(self, on_empty: Callable[[], None]) -> None:
        super().__init__()
        self._on_empty = on_empty

    def subscribe(self, capacity: int = EventBus.DEFAULT_CAPACITY) -> Subscription:
        subscription = _ClosingSubscription(self, capacity)
        self._subscribers.add(subscription)
        return subscription

    def subscription_closed(self) -> None:
        if not self._subscribers:
            self._on_empty()


class ChangePoller:
    """Polls `fetch_jobs` and `fetch_clusters` while subscribed; see the module docstring."""

    def __init__(
        self,
        *,
        fetch_jobs: Callable[[], Awaitable[list[Job]]],
        fetch_clusters: Callable[[], Awaitable[list[Cluster]]],
        interval: float = 2.0,
        max_backoff: float = 30.0,
        on_failure: Callable[[float], None] | None = None,
        feed: Callable[[EventBus], FeedFollower] | None = None,
        fetch_job: Callable[[str], Awaitable[Job | None]] | None = None,
        cost_factor: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`feed`: makes the follower of the service's change feed, given the bus to publish
        to; without, the poller always polls. `cost_factor`: the least wait after a poll, in
        multiples of what the poll took on `clock`. `fetch_job`: one job by uuid (None when
        it is gone), to follow unfinished jobs between full listings."""
        self.cost_factor = cost_factor
        self._fetch_job = fetch_job
        self._next_full = 0.0  # on `clock`: when the full listings are due again
        self.full_polls = 0  # successful polls that listed everything
        self._clock = clock
        self._fetch_jobs = fetch_jobs
        self._on_failure = on_failure  # told the delay before the next try, after each failure
        self._fetch_clusters = fetch_clusters
        self.interval = interval
        self.max_backoff = max_backoff
        self.bus = _PollerBus(self._stop_soon)
        self.feed = None if feed is None else feed(self.bus)
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._jobs: Snapshot | None = None
        self._clusters: Snapshot | None = None
        self.polls = 0  # successful polls
        self.failures = 0  # failed polls in a row
        self.last_error = ""
        self.next_delay = interval

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def subscribe(self) -> Subscription:
        """A new subscription; starts the poller task if it is not running (needs a loop)."""
        subscription = self.bus.subscribe()
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="kubefate-remote-change-poller"
            )
        return subscription

    def poke(self) -> None:
        """Poll now rather than at the next tick (after a change this client made), listing
        everything (the change may have made a job the listing has not seen)."""
        self._next_full = 0.0
        if self.running:
            self._wake.set()

    def _stop_soon(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._jobs = self._clusters = None

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._jobs = self._clusters = None

    async def _run(self) -> None:
        while True:
            if self.feed is not None and self.feed.available():
                delay = await self.follow_once()
            else:
                delay = await self.poll_once()
            await self._sleep(delay)

    async def follow_once(self) -> float:
        """Follow the change feed until its stream ends; returns how long to wait before the
        next try (none after a stream that was open: it is resumed at once)."""
        assert self.feed is not None
        if self._jobs is not None:  # polled until now: what changed since the last poll is lost
            self._jobs = self._clusters = None
            self.bus.publish(RESYNC)
        try:
            opened = await self.feed.follow()
        except FeedGone:
            # Polling starts afresh: a first listing to compare the next ones with, then a
            # RESYNC (what changed while nobody listened is unknown; later changes are seen).
            self._jobs = self._clusters = None
            delay = await self.poll_once()
            self.bus.publish(RESYNC)
            return delay
        except BackendError as error:
            return self._failed(str(error))
        except Exception as error:
            log.exception("following the change feed failed unexpectedly")
            return self._failed(f"unexpected error: {error!r}")
        self.failures = 0
        self.last_error = ""
        return 0.0 if opened else self.interval

    async def poll_once(self) -> float:
        """One poll; returns how long to wait before the next. With `fetch_job`, the full
        listings come only every `cost_factor` times what they took (at least `interval`), and
        the polls between read the unfinished jobs one by one."""
        try:
            if self._jobs is None or self._fetch_job is None or self._clock() >= self._next_full:
                took = await self._poll_lists()
            else:
                took = 0.0
                await self._follow_unfinished(self._jobs, self._fetch_job)
        except BackendError as error:
            return self._failed(str(error))
        except Exception as error:
            # A bug must not end the polling (the panels would freeze without a word): note
            # it, back off, and try again.
            log.exception("change poll failed unexpectedly")
            return self._failed(f"unexpected error: {error!r}")
        self.failures = 0
        self.last_error = ""
        self.polls += 1
        paced = self.cost_factor * took if self._fetch_job is None else 0.0
        self.next_delay = max(self.interval, paced)
        return self.next_delay

    async def _poll_lists(self) -> float:
        """Both full listings, compared with the last; returns how long they took."""
        started = self._clock()
        jobs = await self._fetch_jobs()
        clusters = await self._fetch_clusters()
        self.full_polls += 1
        new_jobs = {job.uuid: job_fingerprint(job) for job in jobs}
        new_clusters = {cluster.uuid: cluster_fingerprint(cluster) for cluster in clusters}
        events = diff(EntityKind.CLUSTER, self._clusters, new_clusters)
        events += diff(EntityKind.JOB, self._jobs, new_jobs)
        self._jobs, self._clusters = new_jobs, new_clusters
        for event in events:
            self.bus.publish(event)
        took = self._clock() - started
        self._next_full = self._clock() + max(self.interval, self.cost_factor * took)
        return took

    async def _follow_unfinished(
        self, snapshot: Snapshot, fetch_job: Callable[[str], Awaitable[Job | None]]
    ) -> None:
        """Read each job the last listing had unfinished; an event for each that changed."""
        for uuid in [uuid for uuid, known in snapshot.items() if not known[0].is_terminal]:
            job = await fetch_job(uuid)
            if job is None:
                snapshot.pop(uuid, None)
                self.bus.publish(ChangeEvent(EntityKind.JOB, ChangeAction.DELETED, uuid))
                continue
            fingerprint = job_fingerprint(job)
            if snapshot.get(uuid) != fingerprint:
                snapshot[uuid] = fingerprint
                self.bus.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, uuid))

    def _failed(self, reason: str) -> float:
        """Back off: interval, doubling per failure in a row, at most max_backoff."""
        self.failures += 1
        self.last_error = reason
        self.next_delay = min(self.interval * 2 ** (self.failures - 1), self.max_backoff)
        if self._on_failure is not None:
            self._on_failure(self.next_delay)
        return self.next_delay

    async def _sleep(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)
        self._wake.clear()
