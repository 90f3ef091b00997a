"""The SQLite store: migrations, transactions, KubeFATE's soft deletes, and sharing the file."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from backend.models import (
    Cluster,
    ClusterArgs,
    ClusterStatus,
    HelmChart,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    SubJob,
    SubJobStatus,
)
from backend.models.wire import now
from backend.store import Store, StoreConflict, StoreIncompatible
from backend.store.migrations import MIGRATIONS, SCHEMA_VERSION


def _job(name: str = "fate-9999", status: JobStatus = JobStatus.PENDING) -> Job:
    return Job(
        uuid=str(uuid.uuid4()),
        method=JobMethod.INSTALL,
        creator="admin",
        start_time=now(),
        status=status,
        meta_data=ClusterArgs(name, name, "fate", "v2.0.0", data=b"a: 1"),
    )


def _cluster(name: str = "fate-9999") -> Cluster:
    return Cluster(
        uuid=str(uuid.uuid4()),
        name=name,
        namespace=name,
        chart_name="fate",
        chart_version="v2.0.0",
        values="a: 1",
        spec={"a": 1},
        status=ClusterStatus.CREATING,
    )


async def test_an_empty_file_gets_the_whole_schema_in_wal_mode(db_path: Path) -> None:
    store = await Store.open(db_path)
    await store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert {"users", "clusters", "helm_charts", "jobs"} <= tables


async def test_reopening_keeps_data_and_applies_nothing_twice(db_path: Path) -> None:
    async with await Store.open(db_path) as store, store.transaction() as tx:
        await tx.clusters.insert(_cluster())
    async with await Store.open(db_path) as store:
        assert [c.name for c in await store.read.clusters.list_all()] == ["fate-9999"]


async def test_users_of_an_older_database_get_a_token_generation_each(db_path: Path) -> None:
    """Migration 3 on a schema-2 file: existing accounts keep their passwords and get distinct
    random generations (their old, generation-less tokens need a new login)."""
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        for script in MIGRATIONS[:2]:
            raw.executescript(script)
        for name in ("admin", "bob"):
            raw.execute(
                "INSERT INTO users (uuid, username, password_hash, salt, status, created_at,"
                " updated_at) VALUES (?, ?, 'hash', 'salt', 1, ?, ?)",
                (f"u-{name}", name, "2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"),
            )
        raw.execute("PRAGMA user_version = 2")
    async with await Store.open(db_path) as store:
        credentials = [await store.read.users.credentials(name) for name in ("admin", "bob")]
    generations = {c.token_generation for c in credentials if c is not None}
    assert len(generations) == 2 and all(len(g) == 32 for g in generations)
    assert {c.password_hash for c in credentials if c is not None} == {"hash"}


async def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreIncompatible, match="newer kubefate-tui"):
        await Store.open(db_path)


async def test_a_file_that_is_not_a_database_is_refused_clearly(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is a cluster.yaml, not a database\n" * 100)
    with pytest.raises(StoreIncompatible, match="not a kubefate-tui database"):
        await Store.open(db_path)
    assert db_path.read_bytes().startswith(b"this is a cluster.yaml")  # nothing lost


async def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    cluster = _cluster()
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.clusters.insert(cluster)
            await tx.jobs.insert(replace(_job(), cluster_id=cluster.uuid))
            raise RuntimeError("the engine crashed between two steps")
    assert await store.read.clusters.list_all() == []
    assert await store.read.jobs.list_all() == []


async def test_readers_never_see_an_uncommitted_change(store: Store) -> None:
    async with store.transaction() as tx:
        await tx.clusters.insert(_cluster())
        assert await store.read.clusters.list_all() == []
    assert len(await store.read.clusters.list_all()) == 1


async def test_one_live_cluster_per_name_and_soft_delete(store: Store) -> None:
    first = _cluster()
    async with store.transaction() as tx:
        await tx.clusters.insert(first)
    with pytest.raises(StoreConflict, match="name=fate-9999 & namespace=fate-9999 Cluster"):
        async with store.transaction() as tx:
            await tx.clusters.insert(_cluster())
    async with store.transaction() as tx:
        assert await tx.clusters.soft_delete(first.uuid)
        assert not await tx.clusters.soft_delete(first.uuid)  # already deleted
        second = await tx.clusters.insert(_cluster())
    live = await store.read.clusters.list_all()
    everything = await store.read.clusters.list_all(include_deleted=True)
    assert [c.uuid for c in live] == [second.uuid]
    assert [c.status for c in everything] == [ClusterStatus.DELETED, ClusterStatus.CREATING]
    assert everything[0].record.deleted_at is not None
    assert await store.read.clusters.get(first.uuid) is None
    assert await store.read.clusters.get(first.uuid, include_deleted=True) is not None


async def test_one_unfinished_job_per_cluster(store: Store) -> None:
    first = _job()
    async with store.transaction() as tx:
        await tx.jobs.insert(first)
    with pytest.raises(StoreConflict, match="already has a job that has not finished"):
        async with store.transaction() as tx:
            await tx.jobs.insert(_job())
    async with store.transaction() as tx:
        await tx.jobs.save(replace(first, status=JobStatus.SUCCESS, end_time=now()))
        await tx.jobs.insert(_job())  # the first one is finished: allowed now
        await tx.jobs.insert(_job("fate-10000"))  # another cluster: always allowed
    assert len(await store.read.jobs.non_terminal()) == 2


async def test_job_progress_round_trips(store: Store) -> None:
    cluster, job = _cluster(), _job()
    async with store.transaction() as tx:
        await tx.clusters.insert(cluster)
        await tx.jobs.insert(job)
    started = job.start_time
    progressed = replace(
        job,
        status=JobStatus.RUNNING,
        cluster_id=cluster.uuid,
        states=("update job status to Running", "create Cluster in DB Success"),
        sub_jobs={
            "python": SubJob("python", SubJobStatus.RUNNING, ModulesStatus.PROGRESSING, started)
        },
    )
    async with store.transaction() as tx:
        saved = await tx.jobs.save(progressed)
    assert saved.states == progressed.states
    assert saved.sub_jobs == progressed.sub_jobs
    assert saved.meta_data == job.meta_data
    stored = await store.read.jobs.get(job.uuid)
    assert stored is not None and stored.cluster_id == cluster.uuid
    assert saved.record.updated_at is not None
    assert saved.to_wire()["start_time"] == job.to_wire()["start_time"]


async def test_a_job_must_name_an_existing_cluster(store: Store) -> None:
    with pytest.raises(StoreConflict, match="does not exist"):
        async with store.transaction() as tx:
            await tx.jobs.insert(replace(_job(), cluster_id="no-such-cluster"))


async def test_uploading_the_same_chart_version_replaces_it(store: Store) -> None:
    old = HelmChart(
        uuid="c1", name="fate", version="v2.0.0", chart="name: fate", archive=b"\x1f\x8b old"
    )
    new = replace(old, uuid="c2", archive=b"\x1f\x8b new")
    async with store.transaction() as tx:
        await tx.charts.replace(old)
    async with store.transaction() as tx:
        await tx.charts.replace(new)
    found = await store.read.charts.find("fate", "v2.0.0")
    assert found is not None and found.uuid == "c2" and found.archive == b"\x1f\x8b new"
    assert await store.read.charts.get("c1") is None
    assert await store.read.charts.find("fate", "2.0.0") is None  # exact match only
    listed = await store.read.charts.list_all()
    assert [(c.uuid, c.chart, c.archive) for c in listed] == [("c2", "", b"")]  # summaries


async def test_concurrent_tasks_of_one_process_all_commit(store: Store) -> None:
    async def install(index: int) -> None:
        async with store.transaction() as tx:
            await tx.jobs.insert(_job(f"party-{index}"))

    await asyncio.gather(*(install(index) for index in range(60)))
    assert len(await store.read.jobs.list_all()) == 60


_WRITER = textwrap.dedent(
    """
    import asyncio, sys, uuid
    from backend.models import ClusterArgs, Job, JobMethod
    from backend.store import Store

    async def main(path, prefix, count):
        store = await Store.open(path)
        for index in range(count):
            name = f"{prefix}-{index}"
            async with store.transaction() as tx:
                await tx.jobs.insert(Job(uuid=str(uuid.uuid4()), method=JobMethod.INSTALL,
                    creator=prefix, meta_data=ClusterArgs(name, name, "fate", "v2.0.0")))
        await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    """
)


@pytest.mark.slow
async def test_processes_writing_the_same_file_do_not_corrupt_it(db_path: Path) -> None:
    store = await Store.open(db_path)  # created first; writers then race on the open file
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(db_path), f"p{n}", "150"])
        for n in range(3)
    ]
    for index in range(150):
        async with store.transaction() as tx:
            await tx.jobs.insert(_job(f"parent-{index}"))
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0]
    jobs = await store.read.jobs.list_all()
    await store.close()
    assert len(jobs) == 600
    assert {job.creator for job in jobs} == {"admin", "p0", "p1", "p2"}
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
async def test_the_one_job_rule_holds_across_processes(db_path: Path) -> None:
    await (await Store.open(db_path)).close()
    racer = textwrap.dedent(
        """
        import asyncio, sys, uuid
        from backend.models import ClusterArgs, Job, JobMethod
        from backend.store import Store, StoreConflict

        async def main(path):
            store = await Store.open(path)
            try:
                async with store.transaction() as tx:
                    await tx.jobs.insert(Job(uuid=str(uuid.uuid4()),
                        method=JobMethod.INSTALL, creator="x",
                        meta_data=ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0")))
                print("accepted")
            except StoreConflict:
                print("refused")
            await store.close()

        asyncio.run(main(sys.argv[1]))
        """
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", racer, str(db_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    outcomes = sorted(racer.communicate(timeout=120)[0].strip() for racer in racers)
    assert outcomes == ["accepted"] + ["refused"] * 5


async def test_job_summaries_carry_what_a_list_shows_and_nothing_heavy(store: Store) -> None:
    job = _job()
    async with store.transaction() as tx:
        stored = await tx.jobs.insert(replace(job, states=("update job status to Running",)))
    (summary,) = await store.read.jobs.summaries_after(0, 10)
    assert (summary.uuid, summary.method, summary.creator, summary.status) == (
        stored.uuid,
        stored.method,
        stored.creator,
        stored.status,
    )
    assert (summary.start_time, summary.end_time, summary.time_limit) == (
        stored.start_time,
        stored.end_time,
        stored.time_limit,
    )
    assert (summary.sub_jobs, summary.states, summary.meta_data) == (None, None, None)
