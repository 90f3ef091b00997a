"""What a console user does, the same through the embedded backend and through the remote
client talking to `kubefate-tui serve`: install and watch the job, read logs, stop, delete,
charts and users."""

from __future__ import annotations

import asyncio
import re

import pytest

from backend.errors import Conflict, NotFound
from backend.events import EntityKind
from backend.models import ClusterArgs, ClusterStatus, Job, JobStatus, LogQuery
from backend.remote import RemoteBackend
from tests.behaviour.conftest import ADMIN_PASSWORD, World
from tests.engine.conftest import NAME, NAMESPACE
from tests.engine.mini_fate_chart import cluster_yaml
from tests.helm.chart_builder import chart_archive

pytestmark = pytest.mark.slow


def _args(**extra: str) -> ClusterArgs:
    return ClusterArgs(NAME, NAMESPACE, "fate", "v2.0.0", data=cluster_yaml(NAME, **extra))


async def _until_finished(world: World, job: Job) -> Job:
    """Follow the job through change events (as a panel does) until it ends."""
    async with world.backend.subscribe() as events:
        current = await world.backend.get_job(job.uuid)
        while not current.status.is_terminal:
            event = await asyncio.wait_for(events.__anext__(), 30)
            if event.kind in (EntityKind.JOB, EntityKind.ALL):
                current = await world.backend.get_job(job.uuid)
    await world.settle()
    return current


async def test_install_is_watched_to_success(world: World) -> None:
    world.emulator.controller.auto_ready(delay_ms=100)
    accepted = await world.backend.install_cluster(_args())
    assert accepted.status is JobStatus.PENDING
    job = await _until_finished(world, accepted)
    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states is not None and job.states[-1] == "job run Success"
    assert re.fullmatch(r"checkout Cluster status \[\d+\]", job.states[-2])
    assert job.sub_jobs is not None and sorted(job.sub_jobs) == ["fateboard", "mysql", "python"]
    (cluster,) = await world.backend.list_clusters()
    assert (cluster.name, cluster.status, cluster.revision) == (NAME, ClusterStatus.RUNNING, 1)
    described = await world.backend.get_cluster(cluster.uuid)
    assert described.info is not None
    assert described.info["status"]["deployments"] == {"fateboard": "Available"}
    with pytest.raises(Conflict, match="already existed"):
        await world.backend.install_cluster(_args())


async def test_logs_of_the_installed_cluster(world: World) -> None:
    controller = world.emulator.controller
    controller.auto_ready(delay_ms=50)
    job = await _until_finished(world, await world.backend.install_cluster(_args()))
    (pod,) = [p["metadata"]["name"] for p in controller.pods_of(NAMESPACE, "python")]
    controller.append_log(NAMESPACE, pod, "fateflow", "fate flow server started")
    text = await world.backend.cluster_logs(job.cluster_id, LogQuery(container="fateflow"))
    assert text.strip() == "fate flow server started"

    received: list[str] = []

    async def follow() -> None:
        query = LogQuery(container="fateflow")
        async for line in world.backend.follow_logs(job.cluster_id, query):
            received.append(line)
            if "job 42 done" in line:
                return

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.5)
    controller.append_log(NAMESPACE, pod, "fateflow", "job 42 done")
    await asyncio.wait_for(follower, 15)
    assert any("job 42 done" in line for line in received)


async def test_stop_an_install(world: World) -> None:
    accepted = await world.backend.install_cluster(_args())  # nothing becomes ready
    for _ in range(300):
        if "helm install Success" in ((await world.backend.get_job(accepted.uuid)).states or ()):
            break
        await asyncio.sleep(0.05)
    await world.backend.stop_job(accepted.uuid)
    job = await _until_finished(world, accepted)
    assert job.status is JobStatus.CANCELED
    assert job.states is not None and job.states[-1] == "job stopped"
    assert await world.backend.list_clusters() == []


async def test_delete_a_cluster_and_a_job_record(world: World) -> None:
    world.emulator.controller.auto_ready(delay_ms=50)
    installed = await _until_finished(world, await world.backend.install_cluster(_args()))
    deletion = await _until_finished(
        world, await world.backend.delete_cluster(installed.cluster_id)
    )
    assert deletion.status is JobStatus.SUCCESS and deletion.states == ("uninstall Success",)
    assert await world.backend.list_clusters() == []
    await world.backend.delete_job(installed.uuid)
    assert installed.uuid not in [job.uuid for job in await world.backend.list_jobs()]
    with pytest.raises(NotFound):
        await world.backend.get_job(installed.uuid)


async def test_charts(world: World) -> None:
    chart = await world.backend.upload_chart(
        chart_archive("demo", "v1.0.0", extra={"values-template-example.yaml": "name: demo\n"})
    )
    assert (chart.name, chart.version) == ("demo", "v1.0.0")
    assert {(c.name, c.version) for c in await world.backend.list_charts()} == {
        ("fate", "v2.0.0"),
        ("demo", "v1.0.0"),
    }
    assert (await world.backend.get_chart(chart.uuid)).name == "demo"
    assert await world.backend.value_template_example("demo", "v1.0.0") == "name: demo\n"
    await world.backend.delete_chart(chart.uuid)
    with pytest.raises(NotFound):
        await world.backend.get_chart(chart.uuid)


async def test_users(world: World) -> None:
    created = await world.backend.create_user("alice", "wonderland", "alice@example.com")
    assert created.username == "alice"
    listed = {user.username: user for user in await world.backend.list_users()}
    assert set(listed) == {"admin", "alice"}
    assert "password" not in listed["alice"].to_wire()
    with pytest.raises(Conflict, match="User is existed"):
        await world.backend.create_user("alice", "again-and-again")
    session = await world.backend.login("alice", "wonderland")
    assert session.username == world.backend.describe().username == "alice"
    with pytest.raises(Conflict, match="logged in with"):
        await world.backend.delete_user(created.uuid)
    await world.backend.login("admin", ADMIN_PASSWORD)
    await world.backend.delete_user(created.uuid)
    assert [user.username for user in await world.backend.list_users()] == ["admin"]


async def test_a_job_is_followed_across_a_restart_of_the_service(world: World) -> None:
    if world.restart_service is None:
        pytest.skip("the embedded backend has no service to restart")
    world.emulator.controller.auto_ready(delay_ms=300)
    accepted = await world.backend.install_cluster(_args())
    async with world.backend.subscribe() as events:
        await world.restart_service()  # while the job runs
        current = accepted
        while not current.status.is_terminal:
            event = await asyncio.wait_for(events.__anext__(), 30)
            if event.kind in (EntityKind.JOB, EntityKind.ALL):
                current = await world.backend.get_job(accepted.uuid)
    assert current.status is JobStatus.SUCCESS, current.states
    assert isinstance(world.backend, RemoteBackend)
    feed = world.backend.poller.feed
    assert feed is not None
    if world.has_feed:  # followed the feed, resumed after the restart
        assert world.backend.session.feed_path
        assert feed.connections >= 2 and world.backend.poller.polls == 0
    else:  # KubeFATE's way: polled, never tried a feed it does not have
        assert feed.connections == 0 and world.backend.poller.polls > 0


async def test_the_unfinished_jobs_are_those_still_under_way(world: World) -> None:
    accepted = await world.backend.install_cluster(_args())
    unfinished = await world.backend.unfinished_jobs()
    assert [(job.uuid, job.status.is_terminal) for job in unfinished] == [(accepted.uuid, False)]
    world.emulator.controller.auto_ready(delay_ms=50)
    job = await _until_finished(world, accepted)
    assert job.status is JobStatus.SUCCESS
    assert await world.backend.unfinished_jobs() == []
    assert [listed.uuid for listed in await world.backend.list_jobs(summary=True)] == [job.uuid]
