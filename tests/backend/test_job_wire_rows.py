"""The served job list reads wire objects straight from rows: they must equal the models' own."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from backend.models import (
    Cluster,
    ClusterArgs,
    ClusterStatus,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    SubJob,
    SubJobStatus,
)
from backend.models.wire import go_json_dumps
from backend.store import Store
from backend.store.job_wire_rows import live_job_wire_batches, open_reader

EAST = timezone(timedelta(hours=8))


def _cluster() -> Cluster:
    return Cluster(
        uuid=str(uuid.uuid4()),
        name="fate-9999",
        namespace="fate-9999",
        chart_name="fate",
        chart_version="v2.0.0",
        status=ClusterStatus.RUNNING,
    )


def _jobs(cluster: Cluster) -> list[Job]:
    """Jobs of every shape the engine writes: bare, with args, sub-jobs, states, odd limits."""
    started = datetime(2024, 5, 1, 10, 0, 0, 120000, tzinfo=EAST)
    sub = SubJob("python", SubJobStatus.SUCCESS, ModulesStatus.AVAILABLE, started, started)
    base = Job(uuid="", method=JobMethod.INSTALL, creator="admin", status=JobStatus.SUCCESS)
    return [
        replace(base, uuid=str(uuid.uuid4())),
        replace(
            base,
            uuid=str(uuid.uuid4()),
            method=JobMethod.UPDATE,
            start_time=started,
            end_time=datetime(2024, 5, 1, 2, 5, tzinfo=UTC),
            cluster_id=cluster.uuid,
            sub_jobs={"python": sub, "mysql": replace(sub, module_name="mysql", end_time=None)},
            status=JobStatus.FAILED,
            time_limit=timedelta(seconds=90, microseconds=7),
            meta_data=ClusterArgs("a<b>&c", "ns", "fate", "v2.0.0", True, b"\x00\xffyaml", True),
            states=("update job status to Running", "caf\u00e9 \u2028 <done>"),
        ),
        replace(base, uuid=str(uuid.uuid4()), sub_jobs={}, states=(), status=JobStatus.CANCELED),
    ]


async def test_every_live_row_reads_as_its_models_wire_object(store: Store) -> None:
    cluster = _cluster()
    async with store.transaction() as tx:
        await tx.clusters.insert(cluster)
        for job in _jobs(cluster):
            await tx.jobs.insert(job)
        deleted = await tx.jobs.insert(replace(_jobs(cluster)[0], uuid=str(uuid.uuid4())))
        await tx.jobs.soft_delete(deleted.uuid)
    # A sub-job stored by an older version, keys missing: rebuilt as the model reads it.
    with sqlite3.connect(store.path) as raw:
        raw.execute("UPDATE jobs SET sub_jobs_json = ? WHERE id = 1", ('{"x":{"ModuleName":"x"}}',))
    expected = [job.to_wire() for job in await store.read.jobs.list_all()]
    connection = open_reader(store.path)
    try:
        read = [wire for batch in live_job_wire_batches(connection, 2) for wire in batch]
    finally:
        connection.close()
    assert read == expected
    assert go_json_dumps(read) == go_json_dumps(expected)  # the same bytes: key order too
    assert deleted.uuid not in {wire["uuid"] for wire in read}
