"""Human ages as kubectl and KubeFATE print them (docs/kubefate-behaviour.md §6.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.models.age import age, human_duration


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=-5), "<invalid>"),
        (timedelta(seconds=-1), "0s"),
        (timedelta(milliseconds=850), "0s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(seconds=119), "119s"),
        (timedelta(minutes=7, seconds=30), "7m30s"),
        (timedelta(minutes=7), "7m"),
        (timedelta(minutes=12), "12m"),
        (timedelta(minutes=179), "179m"),
        (timedelta(hours=5), "5h"),
        (timedelta(hours=5, minutes=20), "5h20m"),
        (timedelta(hours=30), "30h"),
        (timedelta(days=3, hours=4), "3d4h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=100), "100d"),
        (timedelta(days=2 * 365), "2y"),
        (timedelta(days=3 * 365 + 10), "3y10d"),
        (timedelta(days=9 * 365), "9y"),
    ],
)
def test_human_duration(delta: timedelta, text: str) -> None:
    assert human_duration(delta) == text


def test_age_treats_naive_times_as_utc() -> None:
    now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    assert age(datetime(2026, 1, 7, 8, 0), now) == "3d4h"
