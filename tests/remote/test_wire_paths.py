"""Every Backend method against the KubeFATE double: the exact requests the client sends
(method, canonical path with or without trailing slash, query, headers, body) and what it makes
of the Go service's answers."""

from __future__ import annotations

import base64
import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from backend.errors import Conflict, InvalidRequest, NotFound, PermissionDenied, Unavailable
from backend.interface import BackendKind
from backend.models import (
    ClusterArgs,
    ClusterStatus,
    JobMethod,
    JobStatus,
    LogQuery,
    ModulesStatus,
    UserStatus,
)
from backend.remote import RemoteBackend
from backend.remote.http_session import USER_AGENT
from tests.remote.kubefate_double import KubefateDouble, RecordedRequest, make_chart_archive

ARGS = ClusterArgs(
    name="fate-10000",
    namespace="fate-10000",
    chart_name="fate",
    chart_version="v2.0.0",
    cover=True,
    data=b"name: fate-10000\nnamespace: fate-10000\n",
    keep_upgrade_job=True,
)


def api_requests(double: KubefateDouble) -> list[RecordedRequest]:
    """What the client sent, the logins left out."""
    return [r for r in double.requests if r.path != "/v1/user/login"]


def only_request(double: KubefateDouble) -> RecordedRequest:
    sent = api_requests(double)
    assert len(sent) == 1, [r.target for r in sent]
    return sent[0]


async def test_every_request_has_the_user_agent_and_a_bearer_token(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await client.version()
    login, version = double.requests
    assert login.target == "POST /v1/user/login"
    assert login.json == {"username": "admin", "password": "admin"}
    assert "authorization" not in login.headers
    assert version.target == "GET /v1/version/"
    assert version.headers["authorization"].startswith("Bearer ")
    for request in double.requests:
        assert request.headers["user-agent"] == USER_AGENT
        assert USER_AGENT.startswith("kubefate-tui/")


async def test_describe_names_the_service_and_user(client: RemoteBackend) -> None:
    description = client.describe()
    assert description.kind is BackendKind.REMOTE
    assert description.location == client.settings.base_url
    assert description.username == "admin"


async def test_version(client: RemoteBackend, double: KubefateDouble) -> None:
    assert await client.version() == "v1.4.5"
    assert only_request(double).target == "GET /v1/version/"


async def test_login_returns_the_session_and_switches_user(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    double.add_user("alice", "wonderland")
    session = await client.login("alice", "wonderland")
    assert session.username == "alice"
    assert session.expires > datetime.now(UTC) + timedelta(minutes=29)
    assert client.describe().username == "alice"
    await client.install_cluster(ARGS)
    assert next(iter(double.jobs.values()))["creator"] == "alice"


async def test_list_clusters_reads_go_shapes(client: RemoteBackend, double: KubefateDouble) -> None:
    assert await client.list_clusters() == []  # `"data": null`
    cluster = double.add_cluster()
    double.add_cluster("gone", "gone", deleted=True)
    listed = await client.list_clusters()
    assert [c.uuid for c in listed] == [cluster["uuid"]]
    assert listed[0].namespace == "fate-9999"
    assert listed[0].status is ClusterStatus.RUNNING
    assert listed[0].record.id == cluster["ID"]
    assert listed[0].record.deleted_at is None
    assert [r.target for r in api_requests(double)] == ["GET /v1/cluster/", "GET /v1/cluster/"]
    double.clear_requests()
    assert len(await client.list_clusters(include_deleted=True)) == 2
    assert only_request(double).target == "GET /v1/cluster/?all=true"


async def test_get_cluster_with_info(client: RemoteBackend, double: KubefateDouble) -> None:
    cluster = double.add_cluster()
    got = await client.get_cluster(cluster["uuid"])
    assert got.info is not None and got.info["ip"] == "192.168.0.7"
    assert got.spec == {"chartName": "fate", "chartVersion": "v2.0.0", "name": "fate-9999"}
    assert only_request(double).target == f"GET /v1/cluster/{cluster['uuid']}"


async def test_unknown_ids_are_not_found_with_a_plain_message(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    with pytest.raises(NotFound, match=r"^cluster nope: no such cluster \(or it was deleted\)$"):
        await client.get_cluster("nope")
    with pytest.raises(NotFound, match="^job nope: no such job"):
        await client.get_job("nope")
    with pytest.raises(NotFound, match="^job nope: no such job"):
        await client.stop_job("nope")
    with pytest.raises(NotFound, match="^job nope"):
        await client.delete_job("nope")
    with pytest.raises(NotFound, match="^cluster nope"):
        await client.delete_cluster("nope")
    with pytest.raises(NotFound, match="^chart nope"):
        await client.get_chart("nope")
    with pytest.raises(NotFound, match="^user nope: no such user"):
        await client.delete_user("nope")
    with pytest.raises(NotFound, match="^cluster nope"):
        await client.cluster_logs("nope", LogQuery())


async def test_ids_are_escaped_into_one_path_segment(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    with pytest.raises((NotFound, Unavailable)):
        await client.get_job("../cluster/x")
    assert only_request(double).raw_path == "/v1/job/..%2Fcluster%2Fx"


async def test_install_cluster_posts_cluster_args_without_trailing_slash(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    job = await client.install_cluster(ARGS)
    request = only_request(double)
    assert request.target == "POST /v1/cluster"
    assert request.json == {
        "name": "fate-10000",
        "namespace": "fate-10000",
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "cover": True,
        "data": base64.b64encode(ARGS.data).decode(),
        "Keep_upgrade_job": True,
    }
    assert job.method is JobMethod.INSTALL
    assert job.status is JobStatus.PENDING
    assert job.cluster_id == ""
    assert job.end_time is None  # Go's zero time
    assert job.sub_jobs is None and job.states is None
    assert job.meta_data == ARGS
    assert job.time_limit == timedelta(hours=1)


async def test_install_conflicts_and_bad_requests(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    double.add_cluster("fate-10000", "fate-10000")
    with pytest.raises(Conflict, match="install cluster fate-10000/fate-10000: .*already existed"):
        await client.install_cluster(ARGS)
    with pytest.raises(InvalidRequest, match="chartVersion cannot be empty"):
        await client.install_cluster(ClusterArgs(name="x", namespace="x"))


async def test_update_cluster_puts_without_trailing_slash(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    with pytest.raises(NotFound, match="cluster fate-10000/fate-10000: no such cluster to update"):
        await client.update_cluster(ARGS)
    cluster = double.add_cluster("fate-10000", "fate-10000")
    double.clear_requests()
    job = await client.update_cluster(ARGS)
    request = only_request(double)
    assert request.target == "PUT /v1/cluster"
    assert request.json["Keep_upgrade_job"] is True
    assert job.method is JobMethod.UPDATE
    assert job.cluster_id == cluster["uuid"]


async def test_delete_cluster(client: RemoteBackend, double: KubefateDouble) -> None:
    cluster = double.add_cluster()
    job = await client.delete_cluster(cluster["uuid"])
    assert only_request(double).target == f"DELETE /v1/cluster/{cluster['uuid']}"
    assert job.method is JobMethod.DELETE
    assert job.meta_data is None


async def test_jobs(client: RemoteBackend, double: KubefateDouble) -> None:
    assert await client.list_jobs() == []  # `"data": null`
    job = double.add_job(
        states=["update job status to Running", "checkout Cluster status [3]"],
        sub_jobs={
            "python": double.sub_job("python", "Available"),
            "mysql": double.sub_job("mysql", "Progressing"),
        },
    )
    (listed,) = await client.list_jobs()
    got = await client.get_job(job["uuid"])
    assert listed == got
    assert got.status is JobStatus.RUNNING
    assert got.states == ("update job status to Running", "checkout Cluster status [3]")
    assert got.sub_jobs is not None
    assert got.sub_jobs["python"].modules_status is ModulesStatus.AVAILABLE
    assert got.sub_jobs["python"].end_time is not None
    assert got.sub_jobs["mysql"].end_time is None
    assert got.start_time is not None and got.start_time.utcoffset() == timedelta(hours=8)
    assert [r.target for r in api_requests(double)] == [
        "GET /v1/job/",
        "GET /v1/job/",
        f"GET /v1/job/{job['uuid']}",
    ]


async def test_stop_job_puts_jobstatus_stop_then_reads_the_job(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    job = double.add_job(status="Running")
    stopped = await client.stop_job(job["uuid"])
    assert stopped.status is JobStatus.STOPPING
    assert [r.target for r in api_requests(double)] == [
        f"PUT /v1/job/{job['uuid']}?jobStatus=stop",
        f"GET /v1/job/{job['uuid']}",
    ]
    assert api_requests(double)[0].body == b""
    with pytest.raises(Conflict, match="job status is Stopping, not support stop"):
        await client.stop_job(job["uuid"])
    update = double.add_job(method="ClusterUpdate")
    with pytest.raises(Conflict, match="ClusterUpdate type jobs do not support stop"):
        await client.stop_job(update["uuid"])


async def test_delete_job(client: RemoteBackend, double: KubefateDouble) -> None:
    job = double.add_job(status="Success", finished=True)
    await client.delete_job(job["uuid"])
    assert only_request(double).target == f"DELETE /v1/job/{job['uuid']}"
    assert await client.list_jobs() == []


async def test_charts(client: RemoteBackend, double: KubefateDouble) -> None:
    archive = make_chart_archive("mychart", "v1.2.3", "v9")
    chart = await client.upload_chart(archive)
    upload, read_back = api_requests(double)
    assert upload.target == "POST /v1/chart"
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"' in upload.body and archive in upload.body
    assert read_back.target == f"GET /v1/chart/{chart.uuid}"
    assert (chart.name, chart.version, chart.app_version) == ("mychart", "v1.2.3", "v9")
    assert [t.name for t in chart.templates] == ["templates/deployment.yaml"]
    assert chart.templates[0].data == b"kind: Deployment\n"

    (listed,) = await client.list_charts()
    assert listed.uuid == chart.uuid and listed.templates == () and listed.chart == ""
    example = await client.value_template_example("mychart", "v1.2.3")
    assert example.startswith("name: example\n")
    await client.delete_chart(chart.uuid)
    assert await client.list_charts() == []
    assert [r.target for r in api_requests(double)][2:] == [
        "GET /v1/chart/",
        "GET /v1/chart/valueTemplateExample/mychart/v1.2.3",
        f"DELETE /v1/chart/{chart.uuid}",
        "GET /v1/chart/",
    ]


async def test_a_broken_chart_archive_is_an_invalid_request(client: RemoteBackend) -> None:
    with pytest.raises(InvalidRequest, match="upload the chart: chart illegal"):
        await client.upload_chart(b"not a tgz")


async def test_namespaces_with_capitalised_keys(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    first, second = await client.list_namespaces()
    assert (first.name, first.status, first.age) == ("fate-9999", "Active", "3d4h")
    assert first.labels == {"kubernetes.io/metadata.name": "fate-9999"}
    assert second.labels is None
    assert only_request(double).target == "GET /v1/namespace/"
    double.namespaces_forbidden = True
    with pytest.raises(PermissionDenied, match="privilege to list resource"):
        await client.list_namespaces()


async def test_create_namespace_says_the_api_has_no_such_route(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    with pytest.raises(
        Unavailable, match="no route to create namespaces.*kubectl create namespace"
    ):
        await client.create_namespace("fate-10000")
    assert double.requests == []


async def test_users_never_carry_password_or_salt(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    (admin,) = await client.list_users()
    assert admin.username == "admin"
    assert admin.status is UserStatus.DEPRECATE
    assert not hasattr(admin, "password") and not hasattr(admin, "salt")
    assert "salt" not in repr(admin) and "password" not in repr(admin)
    created = await client.create_user("bob", "builder", "bob@example.com")
    assert (created.username, created.email) == ("bob", "bob@example.com")
    assert "password" not in repr(created)
    create = api_requests(double)[1]
    assert create.target == "POST /v1/user"
    assert create.json == {"username": "bob", "password": "builder", "email": "bob@example.com"}
    with pytest.raises(Conflict, match="create user 'bob': User is existed."):
        await client.create_user("bob", "again")
    await client.delete_user(created.uuid)
    assert api_requests(double)[-1].target == f"DELETE /v1/user/{created.uuid}"
    assert [u.username for u in await client.list_users()] == ["admin"]


async def test_cluster_logs_send_the_log_query(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    cluster = double.add_cluster()
    text = await client.cluster_logs(cluster["uuid"], LogQuery())
    assert text == "line one\nline two\nline three\n"
    assert only_request(double).target == f"GET /v1/log/{cluster['uuid']}"
    double.clear_requests()
    since_time = datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    await client.cluster_logs(
        cluster["uuid"],
        LogQuery(
            container="python",
            previous=True,
            since_time=since_time,
            timestamps=True,
            tail=100,
            limit_bytes=4096,
        ),
    )
    assert only_request(double).params == {
        "container": "python",
        "previous": "true",
        "since-time": "2024-01-02T03:04:05Z",
        "timestamps": "true",
        "tail": "100",
        "limit-bytes": "4096",
    }
    double.clear_requests()
    await client.cluster_logs(
        cluster["uuid"], LogQuery(since=timedelta(minutes=5), since_time=since_time)
    )
    assert only_request(double).params == {"since": "300"}  # since wins, as on the server


async def test_the_double_redirects_like_gin_and_the_client_never_needs_it(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    """The double is faithful (gin's 301/307), and the client only ever used canonical paths."""
    import httpx

    async with httpx.AsyncClient(base_url=double.url) as raw:
        assert (await raw.get("/v1/version")).status_code == 301
        moved = await raw.post("/v1/cluster/")
        assert moved.status_code == 307 and moved.headers["location"] == "/v1/cluster"
        assert (await raw.get("/v1/nothing")).text == "404 page not found"
    double.clear_requests()
    cluster = double.add_cluster()
    job = double.add_job(status="Running")
    calls = [
        client.version(),
        client.list_clusters(),
        client.get_cluster(cluster["uuid"]),
        client.list_jobs(),
        client.stop_job(job["uuid"]),
        client.list_charts(),
        client.list_users(),
        client.list_namespaces(),
        client.cluster_logs(cluster["uuid"], LogQuery()),
        client.install_cluster(ARGS),
    ]
    for call in calls:
        with contextlib.suppress(Conflict):
            await call
    statuses = [r.target for r in double.requests]
    assert all(not r.path.endswith("//") for r in double.requests), statuses
    assert double.internal_errors == []


def test_log_params_leave_out_what_kubernetes_would_refuse() -> None:
    from backend.remote.remote_backend import log_params

    assert log_params(LogQuery(since=timedelta(0), tail=-1, limit_bytes=0)) == {}
    assert log_params(LogQuery(since=timedelta(milliseconds=300))) == {"since": 1}
    assert log_params(LogQuery(tail=0)) == {"tail": 0}
