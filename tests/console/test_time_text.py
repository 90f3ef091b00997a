"""Ages and durations the way kubectl prints them; timestamps in the clock's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.formatting.time_text import age, elapsed, human_duration, timestamp


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "<invalid>"),
        (-0.5, "0s"),
        (0, "0s"),
        (119, "119s"),
        (120, "2m"),
        (330, "5m30s"),
        (600, "10m"),
        (3 * 3600 - 1, "179m"),
        (3 * 3600 + 12 * 60, "3h12m"),
        (8 * 3600, "8h"),
        (47 * 3600, "47h"),
        (4 * 86400 + 2 * 3600, "4d2h"),
        (30 * 86400, "30d"),
        (3 * 365 * 86400 + 30 * 86400, "3y30d"),
        (10 * 365 * 86400, "10y"),
    ],
)
def test_human_duration(seconds: float, text: str) -> None:
    assert human_duration(timedelta(seconds=seconds)) == text


def test_age_elapsed_and_timestamp_use_the_given_now() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    start = datetime(2026, 3, 1, 13, 55, tzinfo=timezone(timedelta(hours=2)))  # 11:55 UTC
    assert age(start, now) == "5m" and age(None, now) == ""
    assert elapsed(start, None, now) == "5m"
    assert elapsed(start, start + timedelta(seconds=42), now) == "42s"
    assert elapsed(None, None, now) == ""
    assert timestamp(start, now) == "2026-03-01 11:55:00" and timestamp(None, now) == ""


def test_error_text_falls_back_to_the_type() -> None:
    assert error_text(ValueError(" bad field ")) == "bad field"
    assert error_text(TimeoutError()) == "TimeoutError"
