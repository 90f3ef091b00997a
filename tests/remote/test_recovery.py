"""When the service goes away and comes back: bounded retries, clear failures, recovery
without recreating the client. And the answers of things that are not KubeFATE."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import httpx
import pytest

from backend.errors import Unavailable
from backend.models import ClusterArgs
from backend.remote import RemoteBackend, RemoteSettings
from backend.remote.connection_state import ConnectionPhase
from tests.remote.conftest import connection, fast_settings
from tests.remote.kubefate_double import KubefateDouble

LOGIN = {"code": 200, "token": "t0ken", "expire": "2099-01-01T00:00:00Z"}
JOBS = {"data": None, "msg": "getJobList Success"}


def scripted(
    failures: dict[str, list[Exception]], calls: list[str]
) -> Callable[[httpx.Request], httpx.Response]:
    """A transport that raises the listed errors, per `METHOD path`, before answering."""

    def handle(request: httpx.Request) -> httpx.Response:
        key = f"{request.method} {request.url.path}"
        calls.append(key)
        pending = failures.get(key, [])
        if pending:
            raise pending.pop(0)
        if key == "POST /v1/user/login":
            return httpx.Response(200, json=LOGIN)
        if key == "POST /v1/cluster":
            job = {"uuid": "j1", "method": "ClusterInstall", "status": "Pending", "creator": "a"}
            return httpx.Response(200, json={"data": job, "msg": "createCluster Success"})
        return httpx.Response(200, json=JOBS)

    return handle


def client_with(
    failures: dict[str, list[Exception]], calls: list[str], **overrides: object
) -> RemoteBackend:
    settings = fast_settings("kf.example:8080", **overrides)
    return RemoteBackend(settings, transport=httpx.MockTransport(scripted(failures, calls)))


def phase(client: RemoteBackend) -> ConnectionPhase:
    connected = connection(client).connected
    if connected is None:
        return ConnectionPhase.UNKNOWN
    return ConnectionPhase.CONNECTED if connected else ConnectionPhase.UNREACHABLE


def refused() -> httpx.ConnectError:
    return httpx.ConnectError("All connection attempts failed")


async def test_a_get_is_retried_with_back_off_then_succeeds() -> None:
    calls: list[str] = []
    client = client_with({"GET /v1/job/": [refused(), httpx.ReadError("reset")]}, calls)
    started = time.monotonic()
    assert await client.list_jobs() == []
    assert calls.count("GET /v1/job/") == 3
    assert time.monotonic() - started >= 0.05 + 0.1  # two back-offs, doubling
    await client.close()


async def test_a_get_gives_up_after_three_tries_naming_the_url() -> None:
    calls: list[str] = []
    client = client_with({"GET /v1/job/": [refused() for _ in range(10)]}, calls)
    with pytest.raises(Unavailable) as caught:
        await client.list_jobs()
    assert calls.count("GET /v1/job/") == 3
    assert "GET http://kf.example:8080/v1/job/" in str(caught.value)
    assert phase(client) is ConnectionPhase.UNREACHABLE
    await client.close()


async def test_retries_stop_when_the_time_budget_is_spent() -> None:
    calls: list[str] = []
    client = client_with(
        {"GET /v1/job/": [refused() for _ in range(10)]},
        calls,
        retry_base_delay=0.1,
        retry_budget=0.15,
    )
    await client.session.token()  # the first request also builds the client (TLS setup...)
    with pytest.raises(Unavailable):
        await client.list_jobs()
    assert calls.count("GET /v1/job/") == 2  # the third would start after the budget
    await client.close()


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadTimeout("timed out"),
    ],
)
async def test_a_post_that_may_have_been_received_is_never_sent_again(error: Exception) -> None:
    calls: list[str] = []
    client = client_with({"POST /v1/cluster": [error]}, calls)
    with pytest.raises(Unavailable, match="POST http://kf.example:8080/v1/cluster"):
        await client.install_cluster(ClusterArgs(name="a", namespace="a"))
    assert calls.count("POST /v1/cluster") == 1
    await client.close()


async def test_a_post_whose_connection_failed_before_sending_is_sent_again() -> None:
    calls: list[str] = []
    client = client_with({"POST /v1/cluster": [refused(), httpx.ConnectTimeout("slow")]}, calls)
    job = await client.install_cluster(ClusterArgs(name="a", namespace="a"))
    assert job.uuid == "j1"
    assert calls.count("POST /v1/cluster") == 3
    await client.close()


async def test_the_service_stops_and_comes_back_and_the_same_client_recovers(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    double.add_job(status="Running")
    assert len(await client.list_jobs()) == 1
    assert phase(client) is ConnectionPhase.CONNECTED
    await asyncio.to_thread(double.stop)

    with pytest.raises(Unavailable) as caught:
        await client.list_jobs()
    message = str(caught.value)
    assert f"GET {double.url}/v1/job/" in message
    assert "refused" in message and "is the KubeFATE service running" in message
    assert phase(client) is ConnectionPhase.UNREACHABLE
    with pytest.raises(Unavailable, match="POST .*/v1/cluster"):
        await client.install_cluster(ClusterArgs(name="a", namespace="a", chart_name="fate"))

    double.rotate_key()  # a restarted Go service has a new key: the cached token is dead
    await asyncio.to_thread(double.start)
    assert len(await client.list_jobs()) == 1
    assert phase(client) is ConnectionPhase.CONNECTED
    assert double.logins == 2


async def test_a_hung_service_times_out_with_the_url_and_the_cause(double: KubefateDouble) -> None:
    client = RemoteBackend(fast_settings(double.serviceurl, read_timeout=0.4))
    try:
        await client.version()
        double.fault("hang", "/v1/job/")
        started = time.monotonic()
        with pytest.raises(Unavailable) as caught:
            await client.list_jobs()
        assert time.monotonic() - started < 2.5  # bounded by the retry budget
        message = str(caught.value)
        assert f"GET {double.url}/v1/job/" in message
        assert "sent no answer within 0.4 s" in message
    finally:
        await client.close()


async def test_a_connect_timeout_names_the_address_and_the_likely_cause() -> None:
    calls: list[str] = []
    client = client_with(
        {"POST /v1/user/login": [httpx.ConnectTimeout("timed out") for _ in range(5)]},
        calls,
        retry_budget=0.0,
    )
    with pytest.raises(Unavailable) as caught:
        await client.version()
    message = str(caught.value)
    assert "POST http://kf.example:8080/v1/user/login" in message
    assert "no answer from kf.example:8080 within 2 s" in message
    assert "firewall" in message
    await client.close()


async def test_a_name_that_does_not_resolve() -> None:
    client = RemoteBackend(fast_settings("nonexistent.invalid:8080"))
    try:
        with pytest.raises(Unavailable) as caught:
            await client.version()
        message = str(caught.value)
        assert "'nonexistent.invalid' does not resolve" in message
        assert "serviceurl" in message and "/etc/hosts" in message
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("html", ["an HTML page ('404 Not Found')", "not KubeFATE", "serviceurl", "/etc/hosts"]),
        ("garbage", ["not JSON", "garbage"]),
        ("proxy502", ["502", "kubefate pod"]),
    ],
)
async def test_answers_that_are_not_kubefate(
    client: RemoteBackend, double: KubefateDouble, fault: str, words: list[str]
) -> None:
    double.fault(fault)
    with pytest.raises(Unavailable) as caught:
        await client.list_jobs()
    for word in words:
        assert word in str(caught.value)
    assert double.url in str(caught.value)


async def test_a_crash_in_the_service_is_named(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await client.version()
    double.fault("empty500", "/v1/cluster")
    with pytest.raises(Unavailable, match="update cluster a/a: .*crashed"):
        await client.update_cluster(ClusterArgs(name="a", namespace="a"))


async def test_proxy_errors_on_a_get_are_retried(double: KubefateDouble) -> None:
    settings: RemoteSettings = fast_settings(double.serviceurl)
    client = RemoteBackend(settings)
    try:
        await client.version()
        double.fault("proxy502", "/v1/job/")
        with pytest.raises(Unavailable):
            await client.list_jobs()
        assert len(double.requests_to("/v1/job/")) == settings.retry_attempts
        assert phase(client) is ConnectionPhase.UNREACHABLE
        double.clear_faults()
        assert await client.list_jobs() == []
        assert phase(client) is ConnectionPhase.CONNECTED
    finally:
        await client.close()


def test_scripted_transport_sanity() -> None:
    calls: list[str] = []
    handler = scripted({}, calls)
    response = handler(httpx.Request("GET", "http://x/v1/job/"))
    assert json.loads(response.content) == JOBS
