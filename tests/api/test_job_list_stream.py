"""`GET /v1/job/` (the Go CLI's `job list`) is streamed from the rows: same bytes, loop free."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from backend.api.responses import success
from backend.models import (
    Cluster,
    ClusterArgs,
    ClusterStatus,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    SubJob,
    SubJobStatus,
)
from backend.models.wire import now
from tests.api.conftest import Served

JOBS = 3000  # about 2 MB of answer: several chunks


async def seed_jobs(served: Served, count: int) -> None:
    """`count` finished jobs with sub-jobs, states and a cluster.yaml, on one cluster."""
    cluster = Cluster("c-1", "fate-1", "fate-1", "fate", "v2.0.0", status=ClusterStatus.RUNNING)
    started = now()
    sub = SubJob("python", SubJobStatus.SUCCESS, ModulesStatus.AVAILABLE, started, started)
    template = Job(
        uuid="",
        method=JobMethod.UPDATE,
        creator="admin",
        start_time=started,
        end_time=started + timedelta(minutes=3),
        cluster_id=cluster.uuid,
        sub_jobs={"python": sub, "mysql": replace(sub, module_name="mysql")},
        status=JobStatus.SUCCESS,
        meta_data=ClusterArgs("fate-1", "fate-1", "fate", "v2.0.0", data=b"name: <fate-1>\n" * 20),
        states=("update job status to Running", "job run Success"),
    )
    async with served.backend.store.transaction() as tx:
        await tx.clusters.insert(cluster)
        for index in range(count):
            await tx.jobs.insert(replace(template, uuid=f"job-{index:06d}"))


async def test_the_job_list_is_the_models_answer_and_other_requests_pass_meanwhile(
    served: Served,
) -> None:
    await seed_jobs(served, JOBS)
    jobs = await served.backend.list_jobs()
    expected = success("getJobList Success", data=[job.to_wire() for job in jobs]).body
    listing, other = served.client(), served.client()
    received = b""
    async with listing.stream("GET", "/v1/job/", headers=served.auth()) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        chunks = response.aiter_raw()
        received += await anext(chunks)
        # The listing is still open (most of it unsent): a small request is answered anyway.
        version = await other.get("/v1/version/", headers=served.auth())
        assert version.status_code == 200
        assert len(received) < len(expected)
        async for chunk in chunks:
            received += chunk
    assert received == expected


async def test_an_empty_job_list_is_an_empty_array(served: Served) -> None:
    response = await served.client().get("/v1/job/", headers=served.auth())
    assert response.content == b'{"data":[],"msg":"getJobList Success"}'


async def test_a_listing_dropped_half_way_leaves_the_service_answering(served: Served) -> None:
    await seed_jobs(served, JOBS)
    client = served.client()
    for _ in range(3):
        async with client.stream("GET", "/v1/job/", headers=served.auth()) as response:
            await anext(response.aiter_raw())  # then closed with the rest unread
    response = await client.get("/v1/job/", headers=served.auth())
    assert len(response.json()["data"]) == JOBS
