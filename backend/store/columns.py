"""How model values sit in SQLite columns: Go wire times, JSON documents, booleans."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from backend.models import Record
from backend.models.wire import format_time, parse_time


def time_column(value: datetime | None) -> str | None:
    """A time as its wire text; Go's zero time (None) as NULL."""
    return None if value is None else format_time(value)


def time_value(column: str | None) -> datetime | None:
    return parse_time(column)


def json_column(value: Any) -> str | None:
    """A JSON document, or NULL for None so that Go's nil stays apart from an empty value."""
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def json_value(column: str | None) -> Any:
    return None if column is None else json.loads(column)


def record_of(row: Any) -> Record:
    """The gorm.Model part of a row (`id`, `created_at`, `updated_at`, `deleted_at`)."""
    keys = row.keys()
    return Record(
        id=row["id"],
        created_at=time_value(row["created_at"]),
        updated_at=time_value(row["updated_at"]),
        deleted_at=time_value(row["deleted_at"]) if "deleted_at" in keys else None,
    )
