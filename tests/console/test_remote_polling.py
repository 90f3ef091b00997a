"""The console against KubeFATE's own service (the double: no change feed) keeps what it asks
of the service small: the requests the service receives are counted."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.remote import RemoteBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.formatting.module_health import UNKNOWN
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.widgets.bars.backend_status import list_age_text
from tests.offline_backend import offline_options
from tests.remote.conftest import fast_settings
from tests.remote.kubefate_double import KubefateDouble

from .conftest import QUICK, fixed_clock, settle, status_line, wait_until
from .served_api import Served

CLUSTERS = 60
"""More clusters than a 30-line terminal shows at once."""


@pytest.fixture
async def double() -> AsyncIterator[KubefateDouble]:
    service = KubefateDouble()
    await asyncio.to_thread(service.start)
    try:
        yield service
    finally:
        await asyncio.to_thread(service.stop)
    assert not service.internal_errors, "\n".join(service.internal_errors)


def remote(double: KubefateDouble) -> RemoteBackend:
    return RemoteBackend(fast_settings(double.serviceurl, poll_interval=0.2))


def cluster_reads(double: KubefateDouble) -> list[str]:
    """The single clusters read (`GET /v1/cluster/:id`), not the listings."""
    return [
        r.path
        for r in double.requests_to("/v1/cluster/")
        if r.method == "GET" and r.path != "/v1/cluster/"
    ]


async def test_clusters_read_the_modules_of_the_rows_in_view_only(double: KubefateDouble) -> None:
    uuids = [double.add_cluster(f"fate-{n:03}", f"fate-{n:03}")["uuid"] for n in range(CLUSTERS)]
    app = KubefateApp(remote(double), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        clusters = await settle(pilot, "clusters")
        assert clusters.table.row_count == CLUSTERS
        in_view = clusters.table.page_height
        first = [clusters.table.key_at(i) for i in range(in_view)]
        await wait_until(
            pilot, lambda: {f"/v1/cluster/{k}" for k in first} <= set(cluster_reads(double)), "ok"
        )
        await pilot.pause(0.3)
        read = set(cluster_reads(double))
        assert len(read) <= in_view + 1 < CLUSTERS
        modules = [c.label for c in clusters.table.columns].index("MODULES")
        assert all(clusters.table.get_row(k)[modules] != UNKNOWN for k in first)

        await pilot.press("end")  # the last rows scroll into view: theirs are read then
        last = clusters.table.key_at(CLUSTERS - 1)
        await wait_until(
            pilot, lambda: f"/v1/cluster/{last}" in cluster_reads(double), "the last row's"
        )
        assert len(set(cluster_reads(double))) < len(uuids)


def job_listings(double: KubefateDouble) -> int:
    """Full job listings (`GET /v1/job/`) the service answered."""
    return sum(1 for r in double.requests_to("/v1/job/") if r.path == "/v1/job/")


async def test_showing_jobs_again_uses_the_listing_just_read(double: KubefateDouble) -> None:
    cluster = double.add_cluster()
    for _ in range(5):
        double.add_job(cluster_id=cluster["uuid"], status="Success", finished=True)
    # The poll interval is longer than the test: no listing falls due while it runs.
    app = KubefateApp(
        RemoteBackend(fast_settings(double.serviceurl, poll_interval=30.0)),
        clock=fixed_clock,
        pacing=QUICK,
    )
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == 5
        listed = job_listings(double)
        await pilot.press("1")
        await settle(pilot, "clusters")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == 5
        assert job_listings(double) == listed  # fresh: shown from what was read

        # A job this console stops is read again, not taken from what is held.
        running = double.add_job(cluster_id=cluster["uuid"], status="Running")
        await app.backend.stop_job(running["uuid"])
        await pilot.press("1")
        await settle(pilot, "clusters")
        await pilot.press("2")
        await wait_until(pilot, lambda: jobs.table.row_count == 6, "the new job listed")


AGE = re.compile(r"  list read (\d+) s ago · connected$")


async def test_the_header_says_when_a_polled_list_was_read(double: KubefateDouble) -> None:
    double.add_job(status="Success", finished=True)
    app = KubefateApp(remote(double), clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("2")
        await settle(pilot, "jobs")
        await wait_until(pilot, lambda: AGE.search(status_line(app)) is not None, "the age")
        await pilot.press("enter")  # the job's detail: no list on screen, no list's age
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        await wait_until(pilot, lambda: "list read" not in status_line(app), "no age")
        await pilot.press("escape")
        await wait_until(pilot, lambda: AGE.search(status_line(app)) is not None, "the age")
        assert list_age_text(100.0, 104.6) == "list read 4 s ago"  # whole seconds, counted up
        assert list_age_text(None, 104.6) == ""


async def test_pushed_lists_have_no_age_in_the_header(served: Served, db_path: Path) -> None:
    app = KubefateApp(served.remote(), clock=fixed_clock, pacing=QUICK)  # follows the feed
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await wait_until(pilot, lambda: status_line(app).endswith("  connected"), "connected")
        assert "list read" not in status_line(app)
    embedded = KubefateApp(
        EmbeddedBackend(offline_options(db_path.with_name("own.db"))), clock=fixed_clock
    )
    async with embedded.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        assert "list read" not in status_line(embedded)
