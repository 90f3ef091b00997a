"""One job's progress: every change is committed, then published.

(docs/architecture.md, invariant 6: nothing lost.)"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from backend.engine.job_states import CHECKOUT_PREFIX
from backend.events import ChangeAction, ChangeEvent, EntityKind, EventBus
from backend.models import Cluster, ClusterStatus, Job, JobStatus
from backend.models.wire import now
from backend.store import Store


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
        **job_fields: Any,
    ) -> Job:
        """Apply changes to the job, commit them, then tell subscribers.

        `state` appends a line; then `checkout` replaces a trailing `checkout Cluster status
        [N]` line, or appends one; `finished` stamps the end time.
        """
        states = list(self.job.states or ())
        if state is not None:
            states.append(state)
        if checkout is not None:
            if states and states[-1].startswith(CHECKOUT_PREFIX):
                states[-1] = checkout
            else:
                states.append(checkout)
        updates: dict[str, Any] = dict(job_fields, states=tuple(states))
        if status is not None:
            updates["status"] = status
        if finished:
            updates["end_time"] = now()
        self.job = replace(self.job, **updates)
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

    async def save_cluster(self, **cluster_fields: Any) -> Cluster:
        cluster = self._require_cluster()
        async with self.store.transaction() as tx:
            self.cluster = await tx.clusters.save(replace(cluster, **cluster_fields))
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

    def cluster_status(self) -> ClusterStatus | None:
        return None if self.cluster is None else self.cluster.status

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
