"""Against KubeFATE's own service (no change feed) the client keeps what polling costs down:
one full job listing at a time however many parts ask, and an unchanged answer is not read
into new jobs again."""

from __future__ import annotations

import asyncio

from backend.remote import RemoteBackend
from tests.remote.conftest import fast_settings
from tests.remote.kubefate_double import KubefateDouble


async def test_parts_asking_at_once_share_one_listing(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    double.add_job(status="Success", finished=True)
    await client.start()
    double.clear_requests()
    lists = await asyncio.gather(*(client.list_jobs(summary=True) for _ in range(3)))
    assert len(double.requests_to("/v1/job")) == 1
    assert [len(jobs) for jobs in lists] == [1, 1, 1]


async def test_an_unchanged_answer_gives_the_jobs_already_read(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    job = double.add_job(status="Running")
    first = await client.list_jobs()
    again = await client.list_jobs()
    assert again[0] is first[0]  # the same answer: not parsed again
    double.update_job(job["uuid"], status="Success")
    changed = await client.list_jobs()
    assert changed[0] is not first[0] and changed[0].status.value == "Success"


async def test_a_summary_within_the_poll_interval_is_not_asked_again(
    double: KubefateDouble,
) -> None:
    client = RemoteBackend(fast_settings(double.serviceurl, poll_interval=30.0))
    try:
        job = double.add_job(status="Running")
        await client.list_jobs(summary=True)
        again = await client.list_jobs(summary=True)  # a screen shown again
        assert len(double.requests_to("/v1/job/")) == 1 and len(again) == 1
        await client.list_jobs()  # the full jobs: always asked
        assert len(double.requests_to("/v1/job/")) == 2
        await client.stop_job(job["uuid"])  # a change of this client's: the next one asks
        double.clear_requests()
        await client.list_jobs(summary=True)
        assert [r.path for r in double.requests_to("/v1/job/")] == ["/v1/job/"]
    finally:
        await client.close()
