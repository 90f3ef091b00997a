"""subscribe(): change events by polling the service, which has no push channel."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

import pytest

from backend.errors import Unavailable
from backend.events import ChangeAction, ChangeEvent, EntityKind, Subscription
from backend.interface import ConnectionReport
from backend.models import Cluster, ClusterArgs, Job, JobMethod, JobStatus
from backend.remote import RemoteBackend
from backend.remote.change_poller import ChangePoller, diff
from tests.remote.conftest import connection, fast_settings
from tests.remote.kubefate_double import KubefateDouble


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def next_event(events: Subscription, timeout: float = 5.0) -> ChangeEvent:
    return await asyncio.wait_for(events.__anext__(), timeout)


async def subscribed(client: RemoteBackend) -> Subscription:
    """A subscription whose first poll (the baseline) is done."""
    events = client.subscribe()
    await until(lambda: client.poller.polls >= 1)
    return events


async def test_a_job_status_change_is_an_updated_event(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    job = double.add_job(status="Running")
    async with await subscribed(client) as events:
        await asyncio.sleep(0.3)  # a few polls of nothing
        assert events.pending() == 0
        double.update_job(
            job["uuid"], status="Success", end_time=double.jobs[job["uuid"]]["start_time"]
        )
        assert await next_event(events) == ChangeEvent(
            EntityKind.JOB, ChangeAction.UPDATED, job["uuid"]
        )


@pytest.mark.parametrize(
    "change",
    [
        {"states": ["update job status to Running", "checkout Cluster status [2]"]},
        {"sub_jobs": {"python": KubefateDouble.sub_job("python", "Available")}},
        {"cluster_id": "c-1"},
    ],
)
async def test_the_fields_a_panel_shows_are_compared(
    client: RemoteBackend, double: KubefateDouble, change: dict[str, object]
) -> None:
    job = double.add_job(status="Running", states=["update job status to Running"])
    async with await subscribed(client) as events:
        double.update_job(job["uuid"], **change)
        assert (await next_event(events)).uuid == job["uuid"]


async def test_created_and_deleted_jobs_and_clusters(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    async with await subscribed(client) as events:
        job = double.add_job()
        assert await next_event(events) == ChangeEvent(
            EntityKind.JOB, ChangeAction.CREATED, job["uuid"]
        )
        double.update_cluster(cluster["uuid"], status="Unavailable")
        assert await next_event(events) == ChangeEvent(
            EntityKind.CLUSTER, ChangeAction.UPDATED, cluster["uuid"]
        )
        double.update_cluster(cluster["uuid"], DeletedAt="2024-01-01T00:00:00Z", status="Deleted")
        double.remove_job(job["uuid"])
        got = {await next_event(events), await next_event(events)}
        assert got == {
            ChangeEvent(EntityKind.CLUSTER, ChangeAction.DELETED, cluster["uuid"]),
            ChangeEvent(EntityKind.JOB, ChangeAction.DELETED, job["uuid"]),
        }


async def test_a_change_made_by_this_client_is_seen_at_once(double: KubefateDouble) -> None:
    client = RemoteBackend(fast_settings(double.serviceurl, poll_interval=30.0))
    try:
        events = await subscribed(client)
        job = await client.install_cluster(
            ClusterArgs(name="a", namespace="a", chart_name="fate", chart_version="v2.0.0")
        )
        assert await next_event(events, timeout=2) == ChangeEvent(
            EntityKind.JOB, ChangeAction.CREATED, job.uuid
        )
        events.close()
    finally:
        await client.close()


async def test_polling_runs_only_while_someone_is_subscribed(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await asyncio.sleep(0.25)
    assert double.requests_to("/v1/job/") == []  # nobody subscribed: no polling
    first = client.subscribe()
    second = client.subscribe()
    await until(lambda: client.poller.polls >= 2)
    first.close()
    assert client.poller.running
    second.close()
    await asyncio.sleep(0.05)
    assert not client.poller.running
    polled = len(double.requests_to("/v1/job/"))
    await asyncio.sleep(0.3)
    assert len(double.requests_to("/v1/job/")) == polled
    async with client.subscribe():  # and it starts again
        await until(lambda: len(double.requests_to("/v1/job/")) > polled)


@pytest.mark.slow
async def test_the_poller_reports_an_outage_and_delivers_what_changed_meanwhile(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    job = double.add_job(status="Running")
    reports: list[ConnectionReport] = []
    async with await subscribed(client) as events:
        assert connection(client).connected is True
        stop_listening = client.watch_connection(reports.append)
        await asyncio.to_thread(double.stop)
        await until(lambda: connection(client).connected is False)
        assert "refused" in connection(client).reason
        await until(lambda: client.poller.failures >= 3)
        assert client.poller.next_delay == pytest.approx(0.4)  # 0.1, 0.2, 0.4, capped at 0.4

        double.update_job(job["uuid"], status="Failed")  # changed while we could not look
        new_job = double.add_job()
        double.rotate_key()  # a restart: the cached token is dead
        await asyncio.to_thread(double.start)

        got = {await next_event(events), await next_event(events)}
        assert got == {
            ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, job["uuid"]),
            ChangeEvent(EntityKind.JOB, ChangeAction.CREATED, new_job["uuid"]),
        }
        assert connection(client).connected is True
    stop_listening()
    said = [report.connected for report in reports]
    assert [value for i, value in enumerate(said) if said[i - 1 : i] != [value]] == [
        True,
        False,
        True,
    ]
    assert any(report.retry_in == pytest.approx(0.4) for report in reports)  # the wait is said


async def test_watch_connection_says_unknown_then_connected_until_stopped(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    reports: list[ConnectionReport] = []
    stop = client.watch_connection(reports.append)
    await client.version()
    stop()
    await asyncio.to_thread(double.stop)
    with pytest.raises(Unavailable):
        await client.version()  # unreachable now, but nobody listens any more
    await asyncio.to_thread(double.start)
    assert [report.connected for report in reports] == [None, True]


async def test_back_off_doubles_up_to_the_maximum_and_resets_after_success() -> None:
    failing = True

    async def jobs() -> list[Job]:
        if failing:
            raise Unavailable("down")
        return [Job(uuid="j", method=JobMethod.INSTALL, creator="a")]

    async def clusters() -> list[object]:
        return []

    poller = ChangePoller(fetch_jobs=jobs, fetch_clusters=clusters, interval=2, max_backoff=30)  # type: ignore[arg-type]
    delays = [await poller.poll_once() for _ in range(6)]
    assert delays == [2, 4, 8, 16, 30, 30]
    assert poller.last_error == "down"
    failing = False
    assert await poller.poll_once() == 2
    assert poller.failures == 0


async def test_the_next_poll_starts_after_the_previous_one_ends() -> None:
    running = 0
    most = 0

    async def slow_jobs() -> list[Job]:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)
        running -= 1
        return []

    async def clusters() -> list[Cluster]:
        return []

    poller = ChangePoller(
        fetch_jobs=slow_jobs, fetch_clusters=clusters, interval=0.01, cost_factor=0
    )
    async with poller.subscribe():
        await asyncio.sleep(0.4)
    await poller.aclose()
    assert most == 1
    assert 3 <= poller.polls <= 8


def test_diff() -> None:
    old = {"a": (JobStatus.RUNNING,), "b": (JobStatus.RUNNING,)}
    new = {"a": (JobStatus.SUCCESS,), "c": (JobStatus.PENDING,)}
    assert diff(EntityKind.JOB, None, new) == []
    assert diff(EntityKind.JOB, old, new) == [
        ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, "a"),
        ChangeEvent(EntityKind.JOB, ChangeAction.CREATED, "c"),
        ChangeEvent(EntityKind.JOB, ChangeAction.DELETED, "b"),
    ]


async def test_a_slow_listing_is_polled_less_often() -> None:
    now = 0.0

    def clock() -> float:
        return now

    async def jobs() -> list[Job]:
        nonlocal now
        now += listing_takes  # the service takes this long to answer
        return []

    async def clusters() -> list[Cluster]:
        return []

    listing_takes = 0.05
    poller = ChangePoller(
        fetch_jobs=jobs, fetch_clusters=clusters, interval=2, cost_factor=10, clock=clock
    )
    assert await poller.poll_once() == 2  # cheap: the usual interval
    listing_takes = 1.5
    assert await poller.poll_once() == pytest.approx(15)  # never more than a tenth of its time


async def test_between_full_listings_the_unfinished_jobs_are_read_one_by_one() -> None:
    now = 0.0
    running = Job(uuid="run", method=JobMethod.INSTALL, creator="a", status=JobStatus.RUNNING)
    done = Job(uuid="done", method=JobMethod.INSTALL, creator="a", status=JobStatus.SUCCESS)
    service = {"run": running, "done": done}
    read_one: list[str] = []

    async def jobs() -> list[Job]:
        nonlocal now
        now += 1.0  # a listing takes a second
        return list(service.values())

    async def job(uuid: str) -> Job | None:
        read_one.append(uuid)
        return service.get(uuid)

    async def clusters() -> list[Cluster]:
        return []

    poller = ChangePoller(
        fetch_jobs=jobs,
        fetch_clusters=clusters,
        fetch_job=job,
        interval=2,
        cost_factor=10,
        clock=lambda: now,
    )
    async with poller.subscribe() as events:
        await poller.aclose()  # polled by hand below
        assert await poller.poll_once() == 2  # the first full listing
        service["run"] = replace(running, status=JobStatus.SUCCESS)
        assert await poller.poll_once() == 2
        assert read_one == ["run"] and poller.full_polls == 1  # only the unfinished job
        assert await anext(events) == ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, "run")
        await poller.poll_once()
        assert read_one == ["run"]  # finished now: nothing left to follow
        service["new"] = replace(done, uuid="new")
        now += 10  # the listing's turn again (ten times the second it took)
        await poller.poll_once()
        assert poller.full_polls == 2
        assert await anext(events) == ChangeEvent(EntityKind.JOB, ChangeAction.CREATED, "new")
