"""Listing jobs a page at a time: by key on the store, as `Backend.iter_jobs` on the backends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backend.embedded import EmbeddedBackend
from backend.interface import Backend
from backend.models import ClusterArgs, Job, JobMethod, JobStatus
from backend.models.wire import format_time
from backend.store import Store
from backend.store.columns import stored_time, time_value
from tests.offline_backend import offline_options

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def finished_job(index: int) -> Job:
    """The `index`-th finished job, each on its own cluster name, a minute after the last."""
    name = f"fate-{9000 + index}"
    return Job(
        uuid=str(uuid.uuid4()),
        method=JobMethod.UPDATE,
        creator="admin",
        start_time=START + timedelta(minutes=index),
        end_time=START + timedelta(minutes=index, seconds=90),
        status=JobStatus.SUCCESS,
        meta_data=ClusterArgs(name, name, "fate", "v2.0.0", data=b"a: 1"),
        states=("job run Success",),
    )


async def add_jobs(store: Store, count: int, *, first: int = 0) -> list[Job]:
    async with store.transaction() as tx:
        return [await tx.jobs.insert(finished_job(i)) for i in range(first, first + count)]


async def test_summaries_come_by_pages_oldest_first_without_deleted_jobs(store: Store) -> None:
    jobs = await add_jobs(store, 7)
    async with store.transaction() as tx:
        assert await tx.jobs.soft_delete(jobs[2].uuid)
    live = [job.uuid for job in jobs if job.uuid != jobs[2].uuid]
    pages, last_id = [], 0
    while page := await store.read.jobs.summaries_after(last_id, 4):
        pages.append([job.uuid for job in page])
        last_id = page[-1].record.id
    assert pages == [live[:4], live[4:]]
    assert await store.read.jobs.count_live() == 6
    (first, *_) = await store.read.jobs.summaries_after(0, 1)
    assert (first.start_time, first.end_time) == (jobs[0].start_time, jobs[0].end_time)
    assert (first.sub_jobs, first.states, first.meta_data) == (None, None, None)


async def test_a_job_added_while_paging_comes_last_and_none_repeats(store: Store) -> None:
    await add_jobs(store, 5)
    page = await store.read.jobs.summaries_after(0, 3)
    (late,) = await add_jobs(store, 1, first=5)
    rest = await store.read.jobs.summaries_after(page[-1].record.id, 3)
    uuids = [job.uuid for job in page + rest]
    assert len(uuids) == len(set(uuids)) == 6 and uuids[-1] == late.uuid


def test_stored_times_read_exactly_as_the_wire_parser_reads_them() -> None:
    moments = [
        START,
        START.replace(microsecond=120_000),
        START.astimezone(UTC).astimezone(),  # the local zone, as the service stamps rows
        datetime(2026, 3, 1, 17, 0, 0, 5, tzinfo=UTC).astimezone(),
    ]
    texts: list[str | None] = [format_time(moment) for moment in moments]
    texts += ["2026-03-01T09:00:00.123456789+08:00", "2026-03-01t09:00:00z", None]
    texts += ["0001-01-01T00:00:00Z"]  # Go's zero time: not set
    for text in texts:
        assert stored_time(text) == time_value(text), text
    assert stored_time(texts[0]) == START and stored_time(None) is None


async def test_the_embedded_backend_reads_each_page_from_the_database(
    backend: EmbeddedBackend,
) -> None:
    assert [(page.jobs, page.total) async for page in backend.iter_jobs(summary=True)] == [([], 0)]
    jobs = await add_jobs(backend.store, 5)
    pages = [page async for page in backend.iter_jobs(summary=True, page_size=2)]
    assert [len(page.jobs) for page in pages] == [2, 2, 1]
    assert {page.total for page in pages} == {5}
    listed = [job.uuid for page in pages for job in page.jobs]
    assert listed == [job.uuid for job in jobs] == [j.uuid for j in await backend.list_jobs()]
    whole = [job async for page in backend.iter_jobs(page_size=4) for job in page.jobs]
    assert whole == jobs  # not summaries: whole jobs, as stored
    assert whole[0].states == ("job run Success",)


class ListingBackend(EmbeddedBackend):
    """The embedded backend paging the way a KubeFATE service is paged (the default)."""

    iter_jobs = Backend.iter_jobs


async def test_the_default_pages_hand_out_the_whole_list(db_path: Path) -> None:
    listing = ListingBackend(offline_options(db_path))
    await listing.start()
    try:
        jobs = await add_jobs(listing.store, 5)
        pages = [page async for page in listing.iter_jobs(summary=True, page_size=3)]
    finally:
        await listing.close()
    assert [[job.uuid for job in page.jobs] for page in pages] == [
        [job.uuid for job in jobs[:3]],
        [job.uuid for job in jobs[3:]],
    ]
    assert {page.total for page in pages} == {5}
