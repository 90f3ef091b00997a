"""The remote client with `kubefate-tui serve`'s change feed, over real HTTP: found without a
request that could fail, followed instead of polling, and given up for polling when a restarted
service no longer has it. Against KubeFATE's own service (the double) it never asks for it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.api import ApiOptions, create_app
from backend.embedded import EmbeddedBackend
from backend.events import ChangeAction, ChangeEvent, EntityKind, Subscription
from backend.models import Job, JobMethod, JobStatus
from backend.remote import RemoteBackend
from tests.api.conftest import serving
from tests.offline_backend import offline_options
from tests.remote.conftest import fast_settings
from tests.remote.kubefate_double import KubefateDouble

WAIT = 10.0  # seconds an event may take before the test fails


@dataclass
class Service:
    """`serve` on a fixed loopback port (so that it can restart), and a remote client of it."""

    embedded: EmbeddedBackend
    remote: RemoteBackend
    stack: AsyncExitStack
    port: int

    async def restart(self, *, change_feed: bool) -> None:
        await self.stack.aclose()
        app = create_app(self.embedded, ApiOptions(change_feed=change_feed))
        await self.stack.enter_async_context(serving(app, self.port))


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    embedded = EmbeddedBackend(offline_options(tmp_path / "data" / "kubefate.db"))
    await embedded.start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    try:
        async with AsyncExitStack() as stack:
            app = create_app(embedded, ApiOptions())
            url = await stack.enter_async_context(serving(app, port))
            remote = RemoteBackend(fast_settings(url))
            await remote.start()
            try:
                yield Service(embedded, remote, stack, port)
            finally:
                await remote.close()
    finally:
        await embedded.close()


async def next_event(events: Subscription) -> ChangeEvent:
    return await asyncio.wait_for(anext(events), WAIT)


async def seed_jobs(embedded: EmbeddedBackend, count: int) -> None:
    async with embedded.store.transaction() as tx:
        for index in range(count):
            job = Job(f"job-{index}", JobMethod.INSTALL, "admin", status=JobStatus.SUCCESS)
            await tx.jobs.insert(job)


async def test_the_client_follows_the_feed_and_never_polls(service: Service) -> None:
    remote = service.remote
    assert EntityKind.USER in remote.describe().capabilities.event_kinds  # found at login
    async with remote.subscribe() as events:
        user = await service.embedded.create_user("alice", "alice-password-1")
        event = await next_event(events)
    assert event == ChangeEvent(EntityKind.USER, ChangeAction.CREATED, user.uuid)
    assert remote.poller.polls == 0
    assert remote.poller.feed is not None and remote.poller.feed.connections == 1


async def test_a_change_after_the_last_answer_and_before_the_stream_opens_is_not_lost(
    service: Service,
) -> None:
    remote = service.remote
    await remote.list_users()  # what a panel shows; its answer says where the feed stood
    user = await service.embedded.create_user("dave", "dave-password-1")  # no stream yet
    async with remote.subscribe() as events:
        event = await next_event(events)
    assert event == ChangeEvent(EntityKind.USER, ChangeAction.CREATED, user.uuid)


async def test_the_job_list_opens_at_its_first_page(service: Service) -> None:
    await seed_jobs(service.embedded, 5)
    pages = [page async for page in service.remote.iter_jobs(summary=True, page_size=2)]
    assert [[job.uuid for job in page.jobs] for page in pages] == [
        ["job-0", "job-1"],
        ["job-2", "job-3"],
        ["job-4"],
    ]
    assert {page.total for page in pages} == {5}
    assert pages[0].jobs[0].meta_data is None  # summaries
    whole = await service.remote.list_jobs(summary=True)
    assert [job.uuid for job in whole] == [f"job-{index}" for index in range(5)]


async def test_a_restarted_service_is_followed_again_and_polled_once_its_feed_is_off(
    service: Service,
) -> None:
    remote = service.remote
    async with remote.subscribe() as events:
        await service.embedded.create_user("bob", "bob-password-1")
        assert (await next_event(events)).kind is EntityKind.USER
        await service.restart(change_feed=True)
        # A new run of the service: the client resumes, is told to resync, and follows on.
        assert (await next_event(events)).action is ChangeAction.RESYNC
        user = await service.embedded.create_user("carol", "carol-password-1")
        assert (await next_event(events)).uuid == user.uuid
        await service.restart(change_feed=False)
        assert (await next_event(events)).action is ChangeAction.RESYNC  # the feed is gone
        await seed_jobs(service.embedded, 1)  # now seen by polling, as with KubeFATE
        event = await next_event(events)
    assert (event.kind, event.action, event.uuid) == (
        EntityKind.JOB,
        ChangeAction.CREATED,
        "job-0",
    )
    assert remote.poller.polls > 0
    assert EntityKind.USER not in remote.describe().capabilities.event_kinds


async def test_against_kubefate_no_feed_request_is_ever_sent(double: KubefateDouble) -> None:
    remote = RemoteBackend(fast_settings(double.serviceurl))
    try:
        await remote.start()
        async with remote.subscribe():
            while remote.poller.polls < 2:
                await asyncio.sleep(0.05)
        pages = [page async for page in remote.iter_jobs(summary=True)]
    finally:
        await remote.close()
    assert pages[0].total == 0
    assert double.requests_to("/ext") == []
    assert remote.describe().capabilities.event_kinds == {EntityKind.CLUSTER, EntityKind.JOB}
