"""Following logs over the WebSocket route: lines in, empty frames skipped, a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from backend.errors import NotFound, Unavailable
from backend.models import LogQuery
from backend.remote import RemoteBackend
from tests.remote.kubefate_double import KubefateDouble


async def take(lines: AsyncIterator[str], count: int) -> list[str]:
    taken: list[str] = []
    async for line in lines:
        taken.append(line)
        if len(taken) == count:
            break
    return taken


async def wait_until(condition: object, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_lines_arrive_and_empty_frames_are_skipped(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    double.log_stream.lines = ["[pod-0 python] started", "", "[pod-0 python] ready", "done"]
    double.log_stream.empty_frames_between = 20
    before = asyncio.all_tasks()
    lines = client.follow_logs(cluster["uuid"], LogQuery(container="python", tail=10))
    async with contextlib.aclosing(lines):
        got = await asyncio.wait_for(take(lines, 3), 5)
    assert got == ["[pod-0 python] started", "[pod-0 python] ready", "done"]
    await wait_until(lambda: double.websockets_closed == 1)  # the socket was closed
    assert asyncio.all_tasks() == before  # nothing left running

    (request,) = [r for r in double.requests if r.websocket]
    assert request.path == f"/v1/log/{cluster['uuid']}/ws"
    assert request.params == {"container": "python", "tail": "10"}
    assert request.headers["authorization"].startswith("Bearer ")
    assert request.headers["origin"] == f"ws://{double.serviceurl}/"
    assert request.headers["user-agent"].startswith("kubefate-tui/")


async def test_the_stream_keeps_going_until_the_consumer_stops(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    double.log_stream.lines = [f"line {n}" for n in range(50)]
    double.log_stream.empty_frames_between = 2
    double.log_stream.interval = 0.0005
    lines = client.follow_logs(cluster["uuid"], LogQuery())
    async with contextlib.aclosing(lines):
        got = await asyncio.wait_for(take(lines, 50), 10)
    assert got == [f"line {n}" for n in range(50)]
    await wait_until(lambda: double.websockets_closed == 1)


async def test_a_dead_token_on_the_websocket_logs_in_again(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    await client.version()
    double.rotate_key()
    lines = client.follow_logs(cluster["uuid"], LogQuery())
    async with contextlib.aclosing(lines):
        assert await asyncio.wait_for(take(lines, 1), 5) == ["line one"]
    assert double.logins == 2
    assert len([r for r in double.requests if r.websocket]) == 2


async def test_an_unknown_cluster_is_not_found(client: RemoteBackend) -> None:
    lines = client.follow_logs("nope", LogQuery())
    with pytest.raises(NotFound, match=r"^cluster nope: no such cluster"):
        async with contextlib.aclosing(lines):
            await take(lines, 1)


async def test_a_service_that_is_down_is_unavailable_naming_the_url(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    await client.version()
    await asyncio.to_thread(double.stop)
    lines = client.follow_logs(cluster["uuid"], LogQuery())
    with pytest.raises(Unavailable) as caught:
        async with contextlib.aclosing(lines):
            await take(lines, 1)
    assert f"ws://{double.serviceurl}/v1/log/{cluster['uuid']}/ws" in str(caught.value)
    assert "refused" in str(caught.value)
    await asyncio.to_thread(double.start)


async def test_a_stream_cut_by_a_restart_says_so(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    double.log_stream.lines = ["only line"]
    lines = client.follow_logs(cluster["uuid"], LogQuery())
    with pytest.raises(Unavailable, match="log stream .* broke"):
        async with contextlib.aclosing(lines):
            assert await asyncio.wait_for(take(lines, 1), 5) == ["only line"]
            await asyncio.to_thread(double.stop)
            await asyncio.wait_for(take(lines, 1), 5)
    await asyncio.to_thread(double.start)


async def test_the_double_refuses_a_websocket_without_origin_like_go(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    token = await client.session.token()
    url = f"ws://{double.serviceurl}/v1/log/{cluster['uuid']}/ws"
    with pytest.raises(InvalidStatus) as caught:
        await connect(url, additional_headers={"Authorization": f"Bearer {token}"})
    assert caught.value.response.status_code == 403
    with pytest.raises(InvalidStatus) as caught:
        await connect(url, origin=None)
    assert caught.value.response.status_code == 401
