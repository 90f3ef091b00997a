"""The connection doctor's steps against a KubeFATE double, and against things that are not."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.models import LogQuery
from backend.remote import DoctorStep, RemoteBackend, diagnose, run_doctor
from tests.remote.conftest import fast_settings
from tests.remote.kubefate_double import KubefateDouble, make_certificate


def names(steps: list[DoctorStep]) -> list[str]:
    return [step.name for step in steps]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_every_step_passes_against_kubefate(double: KubefateDouble) -> None:
    steps = await run_doctor(fast_settings(double.serviceurl))
    assert names(steps) == [
        "resolve host",
        "TCP connect",
        "GET /",
        "GET /v1/version/ without a token",
        "log in",
        "GET /v1/version/",
    ]
    assert all(step.ok for step in steps), steps
    assert all(step.explanation == "" for step in steps)
    assert "cookie token is empty" in steps[3].detail
    assert steps[5].detail == "KubeFATE service v1.4.5"


async def test_steps_arrive_one_by_one(double: KubefateDouble) -> None:
    seen: list[str] = []
    async for step in diagnose(fast_settings(double.serviceurl)):
        seen.append(step.name)
        if step.name == "TCP connect":
            break
    assert seen == ["resolve host", "TCP connect"]


async def test_a_closed_port(double: KubefateDouble) -> None:
    steps = await run_doctor(fast_settings(f"127.0.0.1:{closed_port()}"))
    assert names(steps) == ["resolve host", "TCP connect"]
    failed = steps[-1]
    assert not failed.ok
    assert "connection refused" in failed.detail
    assert "Nothing listens" in failed.explanation
    assert "is the KubeFATE service running" in failed.explanation
    assert "port" in failed.explanation


async def test_a_web_server_that_is_not_kubefate(double: KubefateDouble) -> None:
    double.fault("html")
    steps = await run_doctor(fast_settings(double.serviceurl))
    assert names(steps) == ["resolve host", "TCP connect", "GET /"]
    failed = steps[-1]
    assert not failed.ok
    assert "HTML page '404 Not Found'" in failed.detail
    assert failed.explanation.startswith("A web server that is not KubeFATE answered")
    for word in ("serviceurl", "ingress host", "/etc/hosts"):
        assert word in failed.explanation


async def test_a_json_service_that_is_not_kubefate(double: KubefateDouble) -> None:
    double.fault("garbage", "/v1/")
    steps = await run_doctor(fast_settings(double.serviceurl))
    assert [s.ok for s in steps] == [True, True, True, False]
    assert "not JSON" in steps[-1].detail


async def test_a_name_that_does_not_resolve() -> None:
    steps = await run_doctor(fast_settings("nonexistent.invalid:8080"))
    assert names(steps) == ["resolve host"]
    assert not steps[0].ok
    assert "nonexistent.invalid" in steps[0].detail
    assert "does not resolve" in steps[0].explanation
    assert "serviceurl" in steps[0].explanation and "/etc/hosts" in steps[0].explanation


async def test_a_wrong_password(double: KubefateDouble) -> None:
    steps = await run_doctor(fast_settings(double.serviceurl, password="wrong"))
    assert [s.ok for s in steps] == [True, True, True, True, False]
    failed = steps[-1]
    assert failed.name == "log in"
    assert "incorrect Username or Password" in failed.detail and "'admin'" in failed.detail
    assert failed.explanation.startswith("Wrong username or password")
    assert "FATECLOUD_USER_USERNAME" in failed.explanation


async def test_a_hung_service_times_out(double: KubefateDouble) -> None:
    double.fault("hang", "/")
    steps = await run_doctor(fast_settings(double.serviceurl, read_timeout=0.3))
    assert not steps[-1].ok and steps[-1].name == "GET /"
    assert "sent no answer within 0.3 s" in steps[-1].detail
    assert "hung" in steps[-1].explanation


# --- TLS ---------------------------------------------------------------------------------------
@pytest.fixture
async def tls_double(tmp_path: Path) -> AsyncIterator[tuple[KubefateDouble, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a certificate")
    certificate, key = make_certificate(tmp_path)
    service = KubefateDouble(tls=(certificate, key))
    await asyncio.to_thread(service.start)
    try:
        yield service, certificate
    finally:
        await asyncio.to_thread(service.stop)


async def test_an_untrusted_certificate(tls_double: tuple[KubefateDouble, Path]) -> None:
    service, _ = tls_double
    steps = await run_doctor(fast_settings(service.url))
    assert names(steps) == ["resolve host", "TCP connect", "TLS handshake"]
    assert "not trusted" in steps[-1].detail
    assert "CA bundle" in steps[-1].explanation


async def test_a_ca_bundle_or_insecure_makes_tls_pass(
    tls_double: tuple[KubefateDouble, Path],
) -> None:
    service, certificate = tls_double
    for verify in (certificate, False):
        steps = await run_doctor(fast_settings(service.url, verify=verify))
        assert all(step.ok for step in steps), steps
        assert steps[2].name == "TLS handshake"


async def test_plain_http_on_a_tls_url(double: KubefateDouble) -> None:
    steps = await run_doctor(fast_settings(f"https://{double.serviceurl}"))
    assert names(steps)[-1] == "TLS handshake"
    assert "does not speak TLS" in steps[-1].detail
    assert "safeconnect: false" in steps[-1].explanation


async def test_the_client_over_https_and_wss_with_a_ca_bundle(
    tls_double: tuple[KubefateDouble, Path],
) -> None:
    service, certificate = tls_double
    cluster = service.add_cluster()
    client = RemoteBackend(fast_settings(service.serviceurl, safeconnect=True, verify=certificate))
    try:
        assert await client.version() == "v1.4.5"
        lines = client.follow_logs(cluster["uuid"], LogQuery())
        async with contextlib.aclosing(lines):
            assert await asyncio.wait_for(anext(lines), 5) == "line one"
        (ws,) = [r for r in service.requests if r.websocket]
        assert ws.headers["origin"] == f"wss://{service.serviceurl}/"
    finally:
        await client.close()
    untrusting = RemoteBackend(fast_settings(service.url))
    try:
        from backend.errors import Unavailable

        with pytest.raises(Unavailable, match="not trusted.*CA bundle"):
            await untrusting.version()
    finally:
        await untrusting.close()
