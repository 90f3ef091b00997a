"""Queries on `jobs` (soft-deleted; one non-terminal job per cluster, enforced by an index)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from functools import lru_cache
from typing import Any

from backend.models import ClusterArgs, Job, JobMethod, JobStatus, Record, SubJob
from backend.models.enums import NON_TERMINAL_JOB_STATUSES
from backend.models.job import nanoseconds_to_time_limit, time_limit_to_nanoseconds
from backend.store.columns import (
    json_column,
    json_value,
    record_of,
    stored_time,
    time_column,
    time_value,
)
from backend.store.table import Table

_ACTIVE = "deleted_at IS NULL AND status IN ({})".format(
    ", ".join(str(status.code) for status in NON_TERMINAL_JOB_STATUSES)
)


def job_cluster_key(job: Job) -> str:
    """The namespace/name a job acts on: from its args, else its cluster id."""
    if job.meta_data is not None and (job.meta_data.name or job.meta_data.namespace):
        return job.meta_data.cluster_key
    return job.cluster_id


def _job(row: sqlite3.Row) -> Job:
    sub_jobs = json_value(row["sub_jobs_json"])
    states = json_value(row["states_json"])
    return Job(
        uuid=row["uuid"],
        method=JobMethod(row["method"]),
        creator=row["creator"],
        start_time=time_value(row["start_time"]),
        end_time=time_value(row["end_time"]),
        cluster_id=row["cluster_id"] or "",
        sub_jobs=None
        if sub_jobs is None
        else {name: SubJob.from_wire(value) for name, value in sub_jobs.items()},
        status=JobStatus.from_code(row["status"]),
        time_limit=nanoseconds_to_time_limit(row["time_limit_ns"]),
        meta_data=_args(row) if row["has_meta_data"] else None,
        states=None if states is None else tuple(states),
        record=record_of(row),
    )


# The columns of the `jobs_live_list` index (migration 2): a summary is read from it alone.
_SUMMARY_COLUMNS = (
    "id, uuid, method, creator, cluster_id, status, start_time, end_time, time_limit_ns"
)
_SUMMARY_FROM = "FROM jobs INDEXED BY jobs_live_list WHERE deleted_at IS NULL"
_METHODS = {method.value: method for method in JobMethod}
_STATUSES = {status.code: status for status in JobStatus}
SummaryRow = tuple[int, str, str, str, str | None, int, str | None, str | None, int]


@lru_cache(maxsize=64)
def _time_limit(nanoseconds: int) -> timedelta:
    return nanoseconds_to_time_limit(nanoseconds)  # few distinct limits: one timedelta each


def _summary(row: SummaryRow) -> Job:
    """A job from a plain tuple of `_SUMMARY_COLUMNS` (no sqlite3.Row: this runs per row of a
    listing of up to 100,000 jobs, so lookups are by dict and by position)."""
    row_id, uuid, method, creator, cluster_id, status, start_time, end_time, limit = row
    return Job(
        uuid=uuid,
        method=_METHODS.get(method) or JobMethod(method),
        creator=creator,
        start_time=stored_time(start_time),
        end_time=stored_time(end_time),
        cluster_id=cluster_id or "",
        status=_STATUSES.get(status) or JobStatus.from_code(status),
        time_limit=_time_limit(limit),
        record=Record(id=row_id),
    )


def _args(row: sqlite3.Row) -> ClusterArgs:
    return ClusterArgs(
        name=row["args_name"],
        namespace=row["args_namespace"],
        chart_name=row["args_chart_name"],
        chart_version=row["args_chart_version"],
        cover=bool(row["args_cover"]),
        data=bytes(row["args_data"]),
        keep_upgrade_job=bool(row["args_keep_upgrade_job"]),
    )


def _mutable_columns(job: Job) -> dict[str, Any]:
    sub_jobs = (
        None
        if job.sub_jobs is None
        else {name: sub.to_wire() for name, sub in job.sub_jobs.items()}
    )
    return {
        "cluster_id": job.cluster_id or None,
        "status": job.status.code,
        "end_time": time_column(job.end_time),
        "sub_jobs_json": json_column(sub_jobs),
        "states_json": json_column(None if job.states is None else list(job.states)),
    }


def new_row_columns(job: Job) -> dict[str, Any]:
    """Every column of a new row for `job`, timestamps aside (bulk loaders use it too)."""
    args = job.meta_data or ClusterArgs()
    return {
        "uuid": job.uuid,
        "method": job.method.value,
        "creator": job.creator,
        "cluster_key": job_cluster_key(job),
        "start_time": time_column(job.start_time),
        "time_limit_ns": time_limit_to_nanoseconds(job.time_limit),
        "has_meta_data": job.meta_data is not None,
        "args_name": args.name,
        "args_namespace": args.namespace,
        "args_chart_name": args.chart_name,
        "args_chart_version": args.chart_version,
        "args_cover": args.cover,
        "args_data": args.data,
        "args_keep_upgrade_job": args.keep_upgrade_job,
        **_mutable_columns(job),
    }


class JobTable(Table[Job]):
    TABLE = "jobs"

    def _model(self, row: sqlite3.Row) -> Job:
        return _job(row)

    async def insert(self, job: Job) -> Job:
        """Insert a job; StoreConflict if its cluster already has a non-terminal job."""
        columns = new_row_columns(job)
        return await self._insert(columns, lambda error: _conflict_reason(job, error))

    async def save(self, job: Job) -> Job:
        """Write a job's progress (status, end time, sub-jobs, states, cluster id) back."""
        return await self._save(
            job.uuid, _mutable_columns(job), lambda error: _conflict_reason(job, error)
        )

    async def get(self, uuid: str, *, include_deleted: bool = False) -> Job | None:
        live = "" if include_deleted else " AND deleted_at IS NULL"
        return await self._one(f"uuid = ?{live}", uuid)

    async def list_all(self) -> list[Job]:
        return await self._many("deleted_at IS NULL")

    async def summaries_after(self, after_id: int, limit: int) -> list[Job]:
        """Up to `limit` live jobs with a record id above `after_id`, oldest first, as summaries.

        Pages by key (`after_id` is the id of the last job of the previous page), so each page
        is a seek whatever its depth, and a job added or deleted meanwhile never shifts a page.
        """
        sql = f"SELECT {_SUMMARY_COLUMNS} {_SUMMARY_FROM} AND id > ? ORDER BY id LIMIT ?"
        return await self._summaries(sql, after_id, limit)

    async def summaries_page(
        self, after_id: int, limit: int, *, cluster_id: str = "", unfinished: bool = False
    ) -> tuple[list[Job], int]:
        """A page of `summaries_after`, narrowed to one cluster's jobs and/or to the jobs not
        finished yet, and how many jobs match in all (the served paged listing)."""
        where, params = _page_filter(cluster_id, unfinished)
        if not where:
            return await self.summaries_after(after_id, limit), await self.count_live()
        source = f"FROM jobs WHERE deleted_at IS NULL{where}"
        sql = f"SELECT {_SUMMARY_COLUMNS} {source} AND id > ? ORDER BY id LIMIT ?"
        jobs = await self._summaries(sql, *params, after_id, limit)
        async with self._db.execute(f"SELECT count(*) {source}", params) as cursor:
            row = await cursor.fetchone()
        return jobs, int(row[0]) if row is not None else 0

    async def count_live(self) -> int:
        """How many jobs are not deleted (counted on the narrow index)."""
        async with self._db.execute(f"SELECT count(*) {_SUMMARY_FROM}") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row is not None else 0

    async def _summaries(self, sql: str, *params: Any) -> list[Job]:
        async with self._db.execute(sql, params) as cursor:
            cursor.row_factory = None  # plain tuples: a sqlite3.Row per row costs more
            rows = await cursor.fetchall()
        return [_summary(row) for row in rows]  # type: ignore[arg-type]

    async def non_terminal(self) -> list[Job]:
        """Every live job still Pending, Running or Stopping (what a restart must finish)."""
        # The partial index holds exactly these rows; without the hint SQLite scans the whole
        # table to keep the id order (a tenth of a second at every start with 100,000 jobs).
        hinted = "jobs INDEXED BY jobs_one_active_per_cluster"
        sql = f"SELECT * FROM {hinted} WHERE {_ACTIVE} ORDER BY id"
        async with self._db.execute(sql) as cursor:
            return [self._model(row) async for row in cursor]

    async def soft_delete(self, uuid: str) -> bool:
        return await self._soft_delete(uuid)


def _page_filter(cluster_id: str, unfinished: bool) -> tuple[str, tuple[Any, ...]]:
    """The extra WHERE terms (each on an index: by cluster, or the partial one of unfinished
    jobs) and their parameters."""
    where, params = "", tuple[Any, ...]()
    if cluster_id:
        where, params = " AND cluster_id = ?", (cluster_id,)
    if unfinished:
        where += " AND " + _ACTIVE.removeprefix("deleted_at IS NULL AND ")
    return where, params


def _conflict_reason(job: Job, error: sqlite3.IntegrityError) -> str:
    text = str(error)
    if "jobs.cluster_key" in text:
        return (
            f"cluster {job_cluster_key(job)} already has a job that has not finished; "
            "wait for it to end or stop it first"
        )
    if "FOREIGN KEY" in text:
        return f"job {job.uuid} names cluster {job.cluster_id!r}, which does not exist"
    return f"job {job.uuid}: {text}"
