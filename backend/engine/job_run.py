"""One job's progress: every change is committed, then published.

(docs/architecture.md, invariant 6: nothing lost.)"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal

from backend.engine.job_states import CHECKOUT_PREFIX
from backend.events import ChangeAction, ChangeEvent, EntityKind, EventBus
from backend.models import Cluster, ClusterStatus, Job, JobStatus, SubJob
from backend.models.wire import now
from backend.store import Store


class _Unchanged(Enum):
    """A field left as it is (for fields where None is a value of its own)."""

    UNCHANGED = "unchanged"


UNCHANGED: Final = _Unchanged.UNCHANGED
Unchanged = Literal[_Unchanged.UNCHANGED]


@dataclass
class JobRun:
    """The job (and its cluster) as the running task knows them, and how to persist changes."""

    store: Store
    events: EventBus
    job: Job
    cluster: Cluster | None = None

    async def change(
        self,
        *,
        status: JobStatus | None = None,
        state: str | None = None,
        checkout: str | None = None,
        finished: bool = False,
        sub_jobs: dict[str, SubJob] | None = None,
    ) -> Job:
        """Apply changes to the job, commit them, then tell subscribers.

        `state` appends a line; then `checkout` replaces a trailing `checkout Cluster status
        [N]` line, or appends one; `finished` stamps the end time; `sub_jobs` replaces the
        sub-jobs. None leaves a field as it is.
        """
        states = list(self.job.states or ())
        if state is not None:
            states.append(state)
        if checkout is not None:
            if states and states[-1].startswith(CHECKOUT_PREFIX):
                states[-1] = checkout
            else:
                states.append(checkout)
        job = replace(self.job, states=tuple(states))
        if status is not None:
            job = replace(job, status=status)
        if finished:
            job = replace(job, end_time=now())
        if sub_jobs is not None:
            job = replace(job, sub_jobs=sub_jobs)
        self.job = job
        async with self.store.transaction() as tx:
            self.job = await tx.jobs.save(self.job)
        self._publish(EntityKind.JOB, self.job.uuid)
        return self.job

    async def create_cluster(self, cluster: Cluster) -> Cluster:
        """Insert the cluster row and point the job at it, in one transaction."""
        async with self.store.transaction() as tx:
            self.cluster = await tx.clusters.insert(cluster)
            self.job = await tx.jobs.save(replace(self.job, cluster_id=self.cluster.uuid))
        self._publish(EntityKind.CLUSTER, self.cluster.uuid, ChangeAction.CREATED)
        self._publish(EntityKind.JOB, self.job.uuid)
        return self.cluster

    async def save_cluster(
        self,
        *,
        status: ClusterStatus | None = None,
        revision: int | None = None,
        helm_revision: int | None = None,
        values: str | None = None,
        spec: dict[str, Any] | Unchanged | None = UNCHANGED,
        chart_name: str | None = None,
        chart_version: str | None = None,
    ) -> Cluster:
        """Apply changes to the cluster, commit them, then tell subscribers. None (for `spec`,
        whose None means "no document", UNCHANGED) leaves a field as it is."""
        given: dict[str, Any] = {
            "status": status,
            "revision": revision,
            "helm_revision": helm_revision,
            "values": values,
            "chart_name": chart_name,
            "chart_version": chart_version,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        if spec is not UNCHANGED:
            changes["spec"] = spec
        cluster = replace(self._require_cluster(), **changes)
        async with self.store.transaction() as tx:
            self.cluster = await tx.clusters.save(cluster)
        self._publish(EntityKind.CLUSTER, self.cluster.uuid)
        return self.cluster

    async def delete_cluster(self) -> None:
        """KubeFATE's cleanup of a cluster record: soft-deleted with status Deleted."""
        cluster = self._require_cluster()
        async with self.store.transaction() as tx:
            await tx.clusters.soft_delete(cluster.uuid)
            self.cluster = await tx.clusters.get(cluster.uuid, include_deleted=True)
        self._publish(EntityKind.CLUSTER, cluster.uuid, ChangeAction.DELETED)

    async def reload(self) -> Job | None:
        """The job as stored now (None if its record was deleted meanwhile)."""
        return await self.store.read.jobs.get(self.job.uuid)

    @property
    def subject(self) -> str:
        """`<cluster name> (job <uuid>)`: what the job is about, for log lines."""
        args = self.job.meta_data
        name = args.name if args is not None and args.name else "a cluster"
        return f"{name} (job {self.job.uuid})"

    def elapsed_seconds(self, at: datetime | None = None) -> int:
        started = self.job.start_time or now()
        return max(0, int(((at or now()) - started).total_seconds()))

    def _require_cluster(self) -> Cluster:
        if self.cluster is None:
            raise RuntimeError(f"job {self.job.uuid} has no cluster yet")
        return self.cluster

    def _publish(
        self, kind: EntityKind, uuid: str, action: ChangeAction = ChangeAction.UPDATED
    ) -> None:
        self.events.publish(ChangeEvent(kind, action, uuid))
