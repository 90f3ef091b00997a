"""How model values sit in SQLite columns: Go wire times, JSON documents, booleans."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from backend.models import Record
from backend.models.wire import format_time, parse_time


def time_column(value: datetime | None) -> str | None:
    """A time as its wire text; Go's zero time (None) as NULL."""
    return None if value is None else format_time(value)


def time_value(column: str | None) -> datetime | None:
    return parse_time(column)


def stored_time(column: str | None) -> datetime | None:
    """`time_value` at C speed for what `time_column` wrote (the strict parse is the fallback).

    Long listings read two times per row; the strict wire parse (a regex first) was most of the
    cost of reading 100,000 job summaries. Every text `format_time` writes is one that
    `datetime.fromisoformat` reads the same way, so only unexpected text takes the slow path.
    """
    if column is None or column.startswith("0001-01-01"):  # Go's zero time: not set
        return None
    try:
        parsed = datetime.fromisoformat(column)
    except ValueError:
        return parse_time(column)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def json_column(value: Any) -> str | None:
    """A JSON document, or NULL for None so that Go's nil stays apart from an empty value."""
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def _no_constant(name: str) -> None:
    return None


_DECODER = json.JSONDecoder(parse_constant=_no_constant)  # one, not one a call (json.loads)


def json_value(column: str | None) -> Any:
    """The stored document. `NaN` and `Infinity`, which earlier versions could write into a
    spec and JSON has no words for, read as null: an answer that holds them could never be
    encoded, and one such row made every cluster list fail."""
    return None if column is None else _DECODER.decode(column)


def record_of(row: Any) -> Record:
    """The gorm.Model part of a row (`id`, `created_at`, `updated_at`, `deleted_at`)."""
    keys = row.keys()
    return Record(
        id=row["id"],
        created_at=time_value(row["created_at"]),
        updated_at=time_value(row["updated_at"]),
        deleted_at=time_value(row["deleted_at"]) if "deleted_at" in keys else None,
    )
