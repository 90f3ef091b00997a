"""A toast when a job finishes, whatever screen is open.

The watch follows the backend's change events and keeps the last-known status of every job
that has not finished. When such a job (or one created while the console runs) turns up
finished, it says so: `job 1a2b3c4d ClusterInstall fate-9999 finished: Success`, as an
information, a warning (canceled) or an error (failed, timed out, rolled back), with the line of
its states that says why when it did not succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from textual.notifications import SeverityLevel

from backend.errors import BackendError, NotFound
from backend.events import ChangeAction, ChangeEvent, EntityKind, Subscription
from backend.interface import Backend
from backend.models import Job, JobStatus
from backend.models.job_outcome import failure_reason

log = logging.getLogger(__name__)

Announce = Callable[[Job], None]
"""Tells the user that `job` has just finished (the app's toast)."""

SEVERITY_OF: dict[JobStatus, SeverityLevel] = {
    JobStatus.SUCCESS: "information",
    JobStatus.CANCELED: "warning",
}
"""Severity by outcome; any other finished status (Failed, Timeout, Rollback) is an error."""


def finish_message(job: Job) -> tuple[str, SeverityLevel]:
    """`job 1a2b3c4d ClusterInstall fate-9999 finished: Failed · helm install error, …` (the
    reason only when it did not succeed) and its severity."""
    cluster = job.meta_data.name if job.meta_data and job.meta_data.name else job.cluster_id[:8]
    words = ["job", job.uuid[:8], job.method.value, cluster or "-", "finished:", job.status.value]
    reason = failure_reason(job)
    text = " ".join(words) + (f" · {reason}" if reason else "")
    return text, SEVERITY_OF.get(job.status, "error")


class JobFinishWatch:
    """Announces each job that goes from unfinished to finished; see the module docstring."""

    def __init__(
        self,
        backend: Backend,
        announce: Announce,
        *,
        before_seed: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.backend = backend
        self.announce = announce
        self.before_seed = before_seed
        """Awaited before the jobs are first read (the app lets its first lists load first:
        with 100,000 jobs the read is not free)."""
        self.unfinished: dict[str, JobStatus] = {}
        """The last-known status of every job that has not finished, by uuid."""
        self.seeded = False

    async def run(self) -> None:
        """Follow the change events until cancelled (the app's worker does that on exit)."""
        # Subscribe before reading the jobs, so that a change made meanwhile is not lost: its
        # event waits in the subscription.
        async with self.backend.subscribe() as events:
            if self.before_seed is not None:
                await self.before_seed()
            await self.seed()
            async for event in events:
                batch = [event, *await _drain(events)]  # a burst: each job looked at once
                try:
                    await self.handle(batch)
                except Exception:  # a bug must not end the toasts; the next event tries again
                    log.debug("following finished jobs failed", exc_info=True)

    async def seed(self) -> None:
        """Learn which jobs have not finished yet (quietly: nothing finished so far). Only
        those are read: with 100,000 jobs a full listing would compete with the first lists."""
        try:
            jobs = await self.backend.unfinished_jobs()
        except BackendError as error:  # unreachable: learn at the next event
            log.info("cannot list the jobs yet: %s", error)
            return
        self.unfinished = {job.uuid: job.status for job in jobs}
        self.seeded = True

    async def handle(self, events: Iterable[ChangeEvent]) -> None:
        """Look at the jobs a batch of events may have finished; announce those that did."""
        if not self.seeded:
            await self.seed()  # what the events say is in the listing already
            return
        fresh: dict[str, bool] = {}  # uuid -> created by one of the events
        for event in events:
            if event.action is ChangeAction.RESYNC:
                await self.resync()
                return
            if event.kind is not EntityKind.JOB:
                continue
            if event.action is ChangeAction.DELETED:
                self.unfinished.pop(event.uuid, None)
                fresh.pop(event.uuid, None)
            elif event.action is ChangeAction.CREATED or event.uuid in self.unfinished:
                # A finished job never changes status again: only these can finish now.
                created = event.action is ChangeAction.CREATED
                fresh[event.uuid] = fresh.get(event.uuid, False) or created
        for uuid, created in fresh.items():
            try:
                job = await self.backend.get_job(uuid)
            except BackendError:  # deleted meanwhile, or unreachable: a later event tells
                continue
            self.observe(job, created=created)

    def observe(self, job: Job, *, created: bool = False) -> None:
        """Note `job`'s status; announce it if it finished since it was last seen."""
        was_unfinished = job.uuid in self.unfinished or created
        if not job.status.is_terminal:
            self.unfinished[job.uuid] = job.status
        elif was_unfinished:
            self.unfinished.pop(job.uuid, None)
            self.announce(job)

    async def resync(self) -> None:
        """Events were dropped: the jobs known unfinished that no longer are have finished
        (announced) or were deleted (forgotten); the others are learnt."""
        try:
            listed = {job.uuid: job.status for job in await self.backend.unfinished_jobs()}
        except BackendError:
            return
        for uuid in set(self.unfinished) - set(listed):
            try:
                job = await self.backend.get_job(uuid)
            except NotFound:  # deleted: nothing to announce
                self.unfinished.pop(uuid, None)
                continue
            except BackendError:  # unreachable: kept, the next event or resync looks again
                continue
            self.observe(job)
        self.unfinished.update(listed)


async def _drain(events: Subscription) -> list[ChangeEvent]:
    """The events already waiting in `events` (none is awaited)."""
    return [await anext(events) for _ in range(events.pending())]
