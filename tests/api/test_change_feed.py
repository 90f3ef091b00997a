"""The change feed and the paged job listing (extensions, docs/kubefate-compatibility.md §3),
through real HTTP: events as they happen, resuming, resync, tokens, and the feed switched off."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx

from backend.api import ApiOptions, create_app
from backend.feed_wire import FEED_AT_HEADER, FEED_HEADER, FEED_PATH, JOB_PAGE_PATH
from backend.models import Cluster, ClusterArgs, Job, JobMethod, JobStatus
from backend.remote.event_stream import ServerEvent, server_events
from tests.api.conftest import Served, serving

WAIT = 10  # seconds an event may take before the test fails


@asynccontextmanager
async def feed(
    client: httpx.AsyncClient, served: Served, last_id: str | None = None
) -> AsyncIterator[AsyncIterator[ServerEvent]]:
    headers = served.auth() | ({"Last-Event-ID": last_id} if last_id else {})
    async with client.stream("GET", FEED_PATH, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield server_events(response.aiter_lines())


async def next_event(events: AsyncIterator[ServerEvent]) -> ServerEvent:
    return await asyncio.wait_for(anext(events), WAIT)


async def create_user(served: Served, client: httpx.AsyncClient, name: str) -> str:
    body = {"username": name, "password": f"{name}-password-1", "email": ""}
    response = await client.post("/v1/user", json=body, headers=served.auth())
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["uuid"])


async def test_a_change_reaches_an_open_feed_as_it_happens(served: Served) -> None:
    client = served.client()
    async with feed(client, served) as events:
        hello = await next_event(events)
        assert hello.event == "hello" and hello.last_id
        uuid = await create_user(served, served.client(), "alice")
        change = await next_event(events)
    assert change.event == "change"
    assert change.data == f'{{"kind": "user", "action": "created", "id": "{uuid}"}}'
    assert change.last_id != hello.last_id


async def test_a_client_resumes_after_its_last_event_or_is_told_to_resync(
    served: Served,
) -> None:
    client, other = served.client(), served.client()
    async with feed(client, served) as events:
        last_id = (await next_event(events)).last_id
    missed = [await create_user(served, other, name) for name in ("bob", "carol")]
    async with feed(client, served, last_id) as events:
        await next_event(events)  # hello
        resumed = [await next_event(events) for _ in missed]
    assert [event.event for event in resumed] == ["change", "change"]
    assert [event.data.split('"id": "')[1][:-2] for event in resumed] == missed
    # An id of another run of the service (it restarted): resync, then the events go on.
    async with feed(client, served, "0123abcd:7") as events:
        await next_event(events)
        resync = await next_event(events)
        assert resync.event == "resync"
        await create_user(served, other, "dave")
        assert (await next_event(events)).event == "change"


async def test_a_client_too_far_behind_is_told_to_resync(served: Served) -> None:
    app = create_app(served.backend, ApiOptions(feed_capacity=2))
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        served_here = replace(served, url=url)
        async with feed(client, served_here) as events:
            last_id = (await next_event(events)).last_id
        for name in ("erin", "frank", "grace"):
            await create_user(served_here, client, name)
        async with feed(client, served_here, last_id) as events:
            await next_event(events)
            assert (await next_event(events)).event == "resync"


async def test_an_idle_feed_sends_keep_alive_comments_and_ends_when_the_server_stops(
    served: Served,
) -> None:
    app = create_app(served.backend, ApiOptions(feed_keepalive_seconds=0.05))
    async with (
        serving(app) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
        client.stream("GET", FEED_PATH, headers=served.auth()) as response,
    ):
        lines = response.aiter_lines()
        seen = [await asyncio.wait_for(anext(lines), WAIT) for _ in range(8)]
        assert ": keep-alive" in seen
        app.state.close_streams()
        rest = [line async for line in lines]  # the stream ends
        assert all(line in ("", ": keep-alive") for line in rest)


async def test_the_feed_wants_a_token_like_every_route(served: Served) -> None:
    response = await served.client().get(FEED_PATH)
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "cookie token is empty"}
    response = await served.client().get(JOB_PAGE_PATH, headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


async def test_an_answer_with_data_says_where_the_feed_stood_a_refusal_does_not(
    served: Served,
) -> None:
    before = await served.client().get("/v1/user/", headers=served.auth())
    await served.backend.create_user("erin", "erin-password-1")
    after = await served.client().get("/v1/user/", headers=served.auth())
    epoch, _, first = before.headers[FEED_AT_HEADER].partition(":")
    assert after.headers[FEED_AT_HEADER] == f"{epoch}:{int(first) + 1}"
    refused = await served.client().get("/v1/user/")
    assert refused.status_code == 401
    assert FEED_AT_HEADER not in refused.headers and refused.headers[FEED_HEADER] == FEED_PATH


async def test_every_answer_announces_the_feed_unless_it_is_switched_off(served: Served) -> None:
    response = await served.client().get("/v1/version/")
    assert response.headers[FEED_HEADER] == FEED_PATH
    app = create_app(served.backend, ApiOptions(change_feed=False))
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        response = await client.get("/v1/version/", headers=served.auth())
        assert FEED_HEADER not in response.headers and FEED_AT_HEADER not in response.headers
        for path in (FEED_PATH, JOB_PAGE_PATH):
            response = await client.get(path, headers=served.auth())
            assert (response.status_code, response.text) == (404, "404 page not found")


async def seed_jobs(served: Served) -> None:
    """Nine jobs on three clusters (c-0, c-1, c-2 in turn); the last three still running."""
    async with served.backend.store.transaction() as tx:
        for index in range(3):
            await tx.clusters.insert(Cluster(f"c-{index}", f"fate-{index}", f"fate-{index}"))
        for index in range(9):
            status = JobStatus.RUNNING if index >= 6 else JobStatus.SUCCESS
            args = ClusterArgs(f"fate-{index}", f"fate-{index}")  # one running job per name
            job = Job(f"job-{index}", JobMethod.INSTALL, "admin", cluster_id=f"c-{index % 3}")
            await tx.jobs.insert(replace(job, status=status, meta_data=args))


async def pages(client: httpx.AsyncClient, served: Served, **params: str) -> list[list[str]]:
    found: list[list[str]] = []
    cursor: str | None = ""
    while cursor is not None:
        query = params | ({"after": cursor} if cursor else {})
        response = await client.get(JOB_PAGE_PATH, params=query, headers=served.auth())
        assert response.status_code == 200, response.text
        body = response.json()
        assert list(body) == ["data", "msg", "next", "total"]
        found.append([job["uuid"] for job in body["data"]])
        cursor = body["next"]
    return found


async def test_the_job_listing_comes_in_pages_by_cursor(served: Served) -> None:
    await seed_jobs(served)
    client = served.client()
    assert await pages(client, served, limit="4") == [
        ["job-0", "job-1", "job-2", "job-3"],
        ["job-4", "job-5", "job-6", "job-7"],
        ["job-8"],
    ]
    assert await pages(client, served, limit="2", unfinished="true") == [
        ["job-6", "job-7"],
        ["job-8"],
    ]
    assert await pages(client, served, cluster="c-1", unfinished="1") == [["job-7"]]
    assert await pages(client, served, cluster="c-2") == [["job-2", "job-5", "job-8"]]
    response = await client.get(JOB_PAGE_PATH, params={"limit": "2"}, headers=served.auth())
    body = response.json()
    assert body["total"] == 9 and body["msg"] == "listJobPage Success"
    assert body["data"][0]["sub_jobs"] is None  # summaries: what a list shows
    for bad in ({"limit": "-1"}, {"after": "x"}, {"unfinished": "maybe"}):
        response = await client.get(JOB_PAGE_PATH, params=bad, headers=served.auth())
        assert response.status_code == 400 and "error" in response.json()


async def test_the_server_stops_while_a_feed_is_open(served: Served) -> None:
    app = create_app(served.backend, ApiOptions())
    server = serving(app)
    url = await server.__aenter__()
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as client,
        feed(client, replace(served, url=url)) as events,
    ):
        await next_event(events)
        await server.__aexit__(None, None, None)  # fails if the server waits for the feed
        assert [event async for event in events] == []  # the stream ended
