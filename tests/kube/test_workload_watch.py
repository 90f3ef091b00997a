"""The workload watch: live changes, reconnects, 410 resync, periodic resync, clean stop."""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from backend.kube import KubeConnection, WorkloadUpdate, WorkloadWatch
from backend.models.enums import ModulesStatus
from tests.kube.workloads_factory import CLUSTER, deployment, statefulset
from tests.kube_emulator import KubeEmulator

A, P, U = ModulesStatus.AVAILABLE, ModulesStatus.PROGRESSING, ModulesStatus.UNDEFINED


async def next_update(watch: WorkloadWatch, timeout: float = 5.0) -> WorkloadUpdate:
    return await asyncio.wait_for(anext(watch), timeout)


def watch_requests(emulator: KubeEmulator, plural: str = "deployments") -> list[str]:
    return [
        r.query for r in emulator.requests if r.path.endswith(f"/{plural}") and r.verb == "watch"
    ]


def list_requests(emulator: KubeEmulator, plural: str = "deployments") -> int:
    return sum(1 for r in emulator.requests if r.path.endswith(f"/{plural}") and r.verb == "list")


async def wait_until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def test_progressing_then_available(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    control.put(statefulset("mysql"))
    async with WorkloadWatch(conn, cluster_ns, CLUSTER) as watch:
        initial = await next_update(watch)
        assert (initial.cause, dict(initial.states)) == ("initial", {"python": U, "mysql": P})
        control.mark_progressing(cluster_ns, "python")
        update = await next_update(watch)
        assert (update.changed, update.states["python"], update.cause) == (
            frozenset({"python"}),
            P,
            "watch",
        )
        control.mark_ready(cluster_ns, "python")
        assert (await next_update(watch)).states["python"] is A
        control.mark_ready(cluster_ns, "mysql")
        assert dict((await next_update(watch)).states) == {"python": A, "mysql": A}
        control.delete("StatefulSet", cluster_ns, "mysql")
        gone = await next_update(watch)
        assert gone.changed == frozenset({"mysql"}) and "mysql" not in gone.states
        # Events of other clusters are not even delivered (label selector on the watch).
        control.put(deployment("intruder", cluster="another"))
        control.mark_ready(cluster_ns, "python")  # no state change: nothing to report
        with pytest.raises(TimeoutError):
            await next_update(watch, timeout=0.3)
    assert all("labelSelector=name%3Dfate-9999" in q for q in watch_requests(kube_emulator))


@pytest.mark.parametrize("abrupt", [False, True], ids=["clean-end", "connection-cut"])
async def test_survives_dropped_connections(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str, abrupt: bool
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    async with WorkloadWatch(conn, cluster_ns, CLUSTER, backoff_initial=0.05) as watch:
        await next_update(watch)
        await wait_until(lambda: control.open_watches() == 2)
        lists_before = list_requests(kube_emulator)
        control.drop_watches(abrupt=abrupt)
        await wait_until(lambda: len(watch_requests(kube_emulator)) >= 2)
        control.mark_ready(cluster_ns, "python")
        assert (await next_update(watch)).states["python"] is A
    # The reconnect resumed from a resourceVersion: no relist was needed.
    assert list_requests(kube_emulator) == lists_before
    assert "resourceVersion=" in watch_requests(kube_emulator)[-1]


async def test_410_gone_relists_and_catches_up(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    async with WorkloadWatch(conn, cluster_ns, CLUSTER, backoff_initial=0.05) as watch:
        await next_update(watch)
        await wait_until(lambda: control.open_watches() == 2)
        lists_before = list_requests(kube_emulator)
        # Keep the watch away while its resourceVersion expires and the workload changes.
        control.fail("watch", "deployments", code=503, reason="ServiceUnavailable")
        control.drop_watches()
        control.mark_ready(cluster_ns, "python")
        control.expire_history()
        await wait_until(lambda: watch.last_error is not None)
        control.clear_faults()
        update = await next_update(watch)
        assert (update.cause, update.states["python"]) == ("resync", A)
        assert list_requests(kube_emulator) > lists_before
        control.mark_progressing(cluster_ns, "python")  # and the new watch is live
        assert (await next_update(watch)).states["python"] is P
        assert watch.last_error is None


async def test_periodic_resync_relists(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    kube_emulator.controller.put(deployment("python"))
    async with WorkloadWatch(conn, cluster_ns, CLUSTER, resync_interval=1.0) as watch:
        await next_update(watch)
        with pytest.raises(TimeoutError):  # a resync that changes nothing says nothing
            await next_update(watch, timeout=1.6)
    assert list_requests(kube_emulator) >= 2


async def test_stops_cleanly(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    kube_emulator.controller.put(deployment("python"))
    before = asyncio.all_tasks()
    watch = WorkloadWatch(conn, cluster_ns, CLUSTER)
    async with watch:
        await next_update(watch)
        await wait_until(lambda: kube_emulator.controller.open_watches() == 2)
    assert asyncio.all_tasks() - before == set()
    with pytest.raises(StopAsyncIteration):
        await anext(watch)
    await wait_until(lambda: kube_emulator.controller.open_watches() == 0)


async def test_change_to_consumer_latency(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    """p50/p95 of workload-turns-Available -> update-in-consumer, over 50 trials."""
    control = kube_emulator.controller
    control.put(deployment("python"))
    control.mark_ready(cluster_ns, "python", pods=False)
    latencies = []
    async with WorkloadWatch(conn, cluster_ns, CLUSTER) as watch:
        await next_update(watch)
        for _ in range(50):
            control.mark_progressing(cluster_ns, "python")
            assert (await next_update(watch)).states["python"] is P
            started = time.perf_counter()
            control.mark_ready(cluster_ns, "python", pods=False)
            assert (await next_update(watch)).states["python"] is A
            latencies.append(time.perf_counter() - started)
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    print(f"\nworkload watch latency over 50 trials: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    assert p95 < 250
