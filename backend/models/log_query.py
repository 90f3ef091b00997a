"""What part of a cluster's logs to fetch (the query parameters of §1.5.7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class LogQuery:
    container: str = ""  # empty: every container of every pod of the cluster
    previous: bool = False  # the previous instance of a restarted container
    since: timedelta | None = None  # relative start; wins over since_time
    since_time: datetime | None = None
    timestamps: bool = False
    tail: int | None = None  # last N lines
    limit_bytes: int | None = None  # byte cap per container stream
