"""Human durations the way Kubernetes and KubeFATE print ages (docs/kubefate-behaviour.md §6.3).

This is apimachinery's `duration.HumanDuration`: `45s`, `7m30s`, `12m`, `5h`, `3d4h`, `2y`.
KubeFATE's copy prints a sub-second duration as milliseconds with an `m` suffix ("850m", which
reads as 850 minutes); we print `0s` like kubectl (§6.3 notes the upstream quirk).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_YEAR = 365 * _DAY


def _pair(major: int, major_unit: str, minor: int, minor_unit: str) -> str:
    return f"{major}{major_unit}" if minor == 0 else f"{major}{major_unit}{minor}{minor_unit}"


def human_duration(delta: timedelta) -> str:
    """`delta` as a short human duration; `<invalid>` below -1 s, `0s` for small negatives."""
    seconds = int(delta.total_seconds())  # truncates toward zero, like Go's int(d.Seconds())
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 2 * _MINUTE:
        return f"{seconds}s"
    minutes = seconds // _MINUTE
    if minutes < 10:
        return _pair(minutes, "m", seconds % _MINUTE, "s")
    if minutes < 3 * 60:
        return f"{minutes}m"
    hours = seconds // _HOUR
    if hours < 8:
        return _pair(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    if hours < 8 * 24:
        return _pair(hours // 24, "d", hours % 24, "h")
    if hours < 2 * 365 * 24:
        return f"{hours // 24}d"
    if hours < 8 * 365 * 24:
        return _pair(hours // (365 * 24), "y", (hours // 24) % 365, "d")
    return f"{hours // (365 * 24)}y"


def age(since: datetime, now: datetime | None = None) -> str:
    """How long ago `since` was, as `human_duration` prints it (naive times are UTC)."""
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    return human_duration(current - since)
