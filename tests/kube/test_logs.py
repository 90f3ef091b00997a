"""Cluster logs (§1.5.7): snapshot with prefixes and filters, and follow."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from backend.errors import InvalidRequest
from backend.kube import KubeConnection
from backend.kube.logs import cluster_logs, follow_cluster_logs, log_params
from backend.models.log_query import LogQuery
from tests.kube.workloads_factory import CLUSTER, deployment
from tests.kube_emulator import KubeEmulator


@pytest.fixture
def pods(kube_emulator: KubeEmulator, cluster_ns: str) -> dict[str, str]:
    """python (containers python + fluentd) and mysql pods, running, with some log lines."""
    control = kube_emulator.controller
    control.put(deployment("python", containers={"python": "fateflow", "fluentd": "fluentd"}))
    control.put(deployment("mysql"))
    python = control.create_pods(cluster_ns, "python", ready=True)[0]
    mysql = control.create_pods(cluster_ns, "mysql", ready=True)[0]
    old = datetime.now(UTC) - timedelta(hours=2)
    control.append_log(cluster_ns, python, "python", "flow started", at=old)
    control.append_log(cluster_ns, python, "python", "job 1 running", "job 1 done")
    control.append_log(cluster_ns, python, "fluentd", "shipping")
    control.append_log(cluster_ns, mysql, "mysql", "ready for connections")
    return {"python": python, "mysql": mysql}


async def test_snapshot_prefixes_every_line_when_several_containers_match(
    conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    text = await cluster_logs(conn, cluster_ns, CLUSTER, LogQuery())
    python, mysql = pods["python"], pods["mysql"]
    # Pods in name order (mysql-... before python-...), containers in spec order.
    assert text.splitlines() == [
        f"[{mysql} mysql] ready for connections",
        f"[{python} python] flow started",
        f"[{python} python] job 1 running",
        f"[{python} python] job 1 done",
        f"[{python} fluentd] shipping",
    ]


async def test_snapshot_of_one_container_is_bare_and_filtered(
    conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    one = LogQuery(container="python")
    assert await cluster_logs(conn, cluster_ns, CLUSTER, one) == (
        "flow started\njob 1 running\njob 1 done\n"
    )
    tail = LogQuery(container="python", tail=1)
    assert await cluster_logs(conn, cluster_ns, CLUSTER, tail) == "job 1 done\n"
    recent = LogQuery(container="python", since=timedelta(minutes=30))
    assert await cluster_logs(conn, cluster_ns, CLUSTER, recent) == ("job 1 running\njob 1 done\n")
    since_time = LogQuery(container="python", since_time=datetime.now(UTC) - timedelta(hours=1))
    assert (await cluster_logs(conn, cluster_ns, CLUSTER, since_time)).startswith("job 1")
    stamped = await cluster_logs(
        conn, cluster_ns, CLUSTER, LogQuery(container="python", timestamps=True, tail=1)
    )
    assert stamped.endswith("Z job 1 done\n")
    capped = LogQuery(container="python", limit_bytes=8)
    assert await cluster_logs(conn, cluster_ns, CLUSTER, capped) == "flow sta"
    assert await cluster_logs(conn, cluster_ns, CLUSTER, LogQuery(container="nope")) == ""


async def test_container_without_logs_shows_why(
    kube_emulator: KubeEmulator, conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    kube_emulator.controller.fail_pod(cluster_ns, pods["mysql"], "ImagePullBackOff")
    previous = LogQuery(previous=True)
    text = await cluster_logs(conn, cluster_ns, CLUSTER, previous)
    assert f'[{pods["mysql"]} mysql] (previous terminated container "mysql"' in text
    with pytest.raises(InvalidRequest, match="previous terminated container"):
        await cluster_logs(conn, cluster_ns, CLUSTER, LogQuery(container="mysql", previous=True))


async def test_follow_receives_lines_written_after_start(
    kube_emulator: KubeEmulator, conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    control = kube_emulator.controller
    python = pods["python"]
    stream = follow_cluster_logs(conn, cluster_ns, CLUSTER, LogQuery(tail=0))
    received: list[str] = []

    async def consume() -> None:
        async for line in stream:
            received.append(line)
            if len(received) == 2:
                break

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.3)  # the three follow requests are open
    control.append_log(cluster_ns, python, "python", "job 2 running")
    control.append_log(cluster_ns, pods["mysql"], "mysql", "slow query")
    await asyncio.wait_for(task, 5)
    await stream.aclose()
    assert sorted(received) == sorted(
        [f"[{python} python] job 2 running", f"[{pods['mysql']} mysql] slow query"]
    )
    await asyncio.sleep(0.1)
    assert not kube_emulator.store._followers  # every follow connection was closed


async def test_follow_of_one_container_yields_bare_lines(
    kube_emulator: KubeEmulator, conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    lines = []
    stream = follow_cluster_logs(conn, cluster_ns, CLUSTER, LogQuery(container="mysql"))
    async for line in stream:
        lines.append(line)
        if len(lines) == 1:
            kube_emulator.controller.append_log(cluster_ns, pods["mysql"], "mysql", "later")
        if len(lines) == 2:
            break
    await stream.aclose()
    assert lines == ["ready for connections", "later"]


async def test_follow_ends_when_the_pod_goes_away(
    kube_emulator: KubeEmulator, conn: KubeConnection, pods: dict[str, str], cluster_ns: str
) -> None:
    stream = follow_cluster_logs(conn, cluster_ns, CLUSTER, LogQuery(container="mysql"))
    first = await anext(stream)
    kube_emulator.controller.delete("Pod", cluster_ns, pods["mysql"])
    rest = [line async for line in stream]
    assert (first, rest) == ("ready for connections", [])


def test_query_parameters() -> None:
    query = LogQuery(
        previous=True,
        since=timedelta(seconds=1.5),
        tail=10,
        limit_bytes=100,
        timestamps=True,
        since_time=datetime(2026, 1, 1, tzinfo=UTC),
    )  # ignored: since wins
    assert log_params(query, follow=True) == {
        "previous": True,
        "timestamps": True,
        "tailLines": 10,
        "limitBytes": 100,
        "follow": True,
        "sinceSeconds": 2,
    }
    assert log_params(LogQuery(since_time=datetime(2026, 1, 1, 8)))["sinceTime"] == (
        "2026-01-01T08:00:00Z"
    )
