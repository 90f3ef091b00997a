"""Times as the console shows them: kubectl-style ages and durations, absolute timestamps.

Every function takes the current time as an argument instead of reading the clock, so the same
row always renders the same text for the same `now` (tests and snapshots inject a fixed clock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_YEAR = 365 * _DAY


def human_duration(delta: timedelta) -> str:
    """A duration the way kubectl prints ages (`90s`, `5m30s`, `3h12m`, `4d2h`, `2y30d`).

    The precision drops as the duration grows, exactly like Kubernetes' `HumanDuration`, so a
    column of ages stays narrow and familiar to anyone who reads `kubectl get` output.
    """
    seconds = int(delta.total_seconds())
    if seconds < -1:
        return "<invalid>"  # clock skew between whoever stamped the row and this machine
    seconds = max(seconds, 0)
    if seconds < 2 * _MINUTE:
        return f"{seconds}s"
    minutes = seconds // _MINUTE
    if minutes < 10:
        rest = seconds % _MINUTE
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if seconds < 3 * _HOUR:
        return f"{minutes}m"
    hours = seconds // _HOUR
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    days = seconds // _DAY
    if hours < 24 * 8:
        rest = hours % 24
        return f"{days}d" if rest == 0 else f"{days}d{rest}h"
    if seconds < 2 * _YEAR:
        return f"{days}d"
    years = seconds // _YEAR
    if seconds < 8 * _YEAR:
        rest = days % 365
        return f"{years}y" if rest == 0 else f"{years}y{rest}d"
    return f"{years}y"


def age(since: datetime | None, now: datetime) -> str:
    """How long ago `since` was, or "" when it is not known."""
    return "" if since is None else human_duration(now - since)


def elapsed(start: datetime | None, end: datetime | None, now: datetime) -> str:
    """End minus start; the time so far while `end` is not set (as the kubefate CLI shows it)."""
    if start is None:
        return ""
    return human_duration((end or now) - start)


def timestamp(moment: datetime | None, now: datetime) -> str:
    """`moment` to the second, in the time zone of `now` (the console's clock), or ""."""
    if moment is None:
        return ""
    return moment.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M:%S")
