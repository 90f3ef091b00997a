"""Every live job as its wire object, straight from the row: the served `GET /v1/job/`.

`Job.to_wire()` of a model read from the row gives the same object, but building a model per
row and a dict from it was most of the cost of the Go CLI's `job list` at 50,000 jobs. Every
column was written by `JobTable` from a model's wire form (times as `format_time` text, sub-jobs
as `SubJob.to_wire()` with sorted keys), so most columns already hold their wire value; only
sub-job key order, status codes, the time limit's rounding and the base64 of the cluster args
are redone here. tests/backend/test_job_wire_rows.py checks the two agree row for row.

`live_job_wire_batches` reads on its own plain sqlite3 connection, a batch at a time, so that
the caller (a worker thread) holds one batch in memory, never the whole answer. The SELECT is a
single statement, so in WAL mode the whole listing is one consistent snapshot.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from backend.models import JobStatus, SubJob
from backend.models.job import nanoseconds_to_time_limit, time_limit_to_nanoseconds
from backend.models.wire import GO_ZERO_TIME, encode_bytes
from backend.store.database import BUSY_TIMEOUT_MS

_COLUMNS: Final = (
    "id, uuid, method, creator, cluster_id, status, start_time, end_time, time_limit_ns, "
    "sub_jobs_json, states_json, has_meta_data, args_name, args_namespace, args_chart_name, "
    "args_chart_version, args_cover, args_data, args_keep_upgrade_job, created_at, updated_at"
)
_SELECT: Final = f"SELECT {_COLUMNS} FROM jobs WHERE deleted_at IS NULL ORDER BY id"
_STATUS_TEXT: Final = {status.code: status.value for status in JobStatus}
_SUB_JOB_KEYS: Final = ("ModuleName", "Status", "ModulesStatus", "StartTime", "EndTime")
_SUB_JOB_KEY_SET: Final = frozenset(_SUB_JOB_KEYS)
_DECODER: Final = json.JSONDecoder()
WireRow = tuple[Any, ...]


@lru_cache(maxsize=64)
def _wire_limit(nanoseconds: int) -> int:
    # The model keeps microseconds: the wire value is the stored one rounded down to them.
    return time_limit_to_nanoseconds(nanoseconds_to_time_limit(nanoseconds))


def _wire_time(text: str | None) -> str:
    """A stored time is already `format_time` text; NULL (and Go's zero) is the zero time."""
    if text is None or text.startswith("0001-01-01"):
        return GO_ZERO_TIME
    return text


def _sub_job(value: dict[str, Any]) -> dict[str, Any]:
    """One stored sub-job in `SubJob.to_wire()` key order; anything unexpected is rebuilt."""
    if value.keys() == _SUB_JOB_KEY_SET:
        return {key: value[key] for key in _SUB_JOB_KEYS}
    return SubJob.from_wire(value).to_wire()


def _sub_jobs(column: str | None) -> dict[str, Any] | None:
    if column is None:
        return None
    stored = _DECODER.decode(column)
    return {name: _sub_job(stored[name]) for name in sorted(stored)}


def _status(code: int) -> str:
    text = _STATUS_TEXT.get(code)
    return text if text is not None else JobStatus.from_code(code).value


def _meta_data(row: WireRow) -> dict[str, Any] | None:
    if not row[11]:
        return None
    return {
        "name": row[12],
        "namespace": row[13],
        "chart_name": row[14],
        "chart_version": row[15],
        "cover": bool(row[16]),
        "data": encode_bytes(bytes(row[17])),
        "Keep_upgrade_job": bool(row[18]),
    }


def job_wire(row: WireRow) -> dict[str, Any]:
    """The wire object (`Job.to_wire()`) of one row of `_COLUMNS`."""
    states = row[10]
    return {
        "uuid": row[1],
        "start_time": _wire_time(row[6]),
        "end_time": _wire_time(row[7]),
        "method": row[2],
        "cluster_id": row[4] or "",
        "creator": row[3],
        "sub_jobs": _sub_jobs(row[9]),
        "status": _status(row[5]),
        "time_limit": _wire_limit(row[8]),
        "meta_data": _meta_data(row),
        "states": None if states is None else list(_DECODER.decode(states)),
        "ID": row[0],
        "CreatedAt": _wire_time(row[19]),
        "UpdatedAt": _wire_time(row[20]),
        "DeletedAt": None,
    }


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection for one listing; usable from any thread (one at a time)."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA query_only = ON")
    return connection


def live_job_wire_batches(connection: sqlite3.Connection, batch: int) -> Iterator[list[Any]]:
    """The wire objects of every live job, oldest first, `batch` at a time."""
    cursor = connection.execute(_SELECT)
    try:
        while rows := cursor.fetchmany(batch):
            yield [job_wire(row) for row in rows]
    finally:
        cursor.close()
