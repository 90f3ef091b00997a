"""Logins: lazy, cached, renewed before `expire`, and again after any 401 (a restart of the Go
service kills every token: its signing key is random per process)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from backend.errors import AuthenticationFailed
from backend.remote import RemoteBackend
from tests.remote.conftest import connection, fast_settings
from tests.remote.kubefate_double import KubefateDouble


async def test_one_login_serves_many_calls_even_concurrent_ones(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await asyncio.gather(*(client.list_jobs() for _ in range(10)))
    for _ in range(5):
        await client.version()
    assert double.logins == 1
    assert client.session.logins == 1
    assert double.rejected_tokens == 0


async def test_a_401_after_a_key_rotation_logs_in_again_and_repeats_the_request(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await client.version()
    double.rotate_key()  # what a restart of the Go service does to tokens
    double.clear_requests()
    assert await client.version() == "v1.4.5"
    assert [r.target for r in double.requests] == [
        "GET /v1/version/",  # refused: signature is invalid
        "POST /v1/user/login",
        "GET /v1/version/",
    ]
    assert double.rejected_tokens == 1
    assert double.logins == 2


async def test_a_post_refused_for_its_token_is_sent_again_after_the_login(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    """A 401 comes from the JWT middleware, before the handler: the body was not acted on."""
    await client.version()
    double.rotate_key()
    await client.create_user("carol", "pw")
    creates = [r for r in double.requests if r.target == "POST /v1/user"]
    assert len(creates) == 2
    assert sum(1 for u in double.users.values() if u["username"] == "carol") == 1


async def test_the_token_is_renewed_shortly_before_it_expires() -> None:
    double = KubefateDouble(token_lifetime=timedelta(seconds=2))
    await asyncio.to_thread(double.start)
    client = RemoteBackend(fast_settings(double.serviceurl))
    try:
        await client.version()
        await client.version()
        assert double.logins == 1
        await asyncio.sleep(1.6)  # past the renewal point (half a lifetime this short)
        await client.version()
        assert double.logins == 2
        assert double.rejected_tokens == 0  # renewed before the service refused it
    finally:
        await client.close()
        await asyncio.to_thread(double.stop)


async def test_wrong_credentials_name_the_user_and_the_service(double: KubefateDouble) -> None:
    settings = fast_settings(double.serviceurl, username="admin", password="wrong")
    client = RemoteBackend(settings)
    try:
        with pytest.raises(AuthenticationFailed) as caught:
            await client.start()
        message = str(caught.value)
        assert "'admin'" in message and settings.base_url in message
        assert "incorrect Username or Password" in message
        assert "FATECLOUD_USER_PASSWORD" in message
        with pytest.raises(AuthenticationFailed):
            await client.list_jobs()
        assert double.logins == 0
    finally:
        await client.close()


async def test_a_failed_explicit_login_keeps_the_current_user(
    client: RemoteBackend, double: KubefateDouble
) -> None:
    await client.version()
    with pytest.raises(AuthenticationFailed, match="'mallory'"):
        await client.login("mallory", "guess")
    assert client.describe().username == "admin"
    assert await client.version() == "v1.4.5"
    assert double.logins == 1


async def test_start_tolerates_a_service_that_is_down(double: KubefateDouble) -> None:
    await asyncio.to_thread(double.stop)
    client = RemoteBackend(fast_settings(double.serviceurl, retry_budget=0.2))
    try:
        await client.start()  # no exception: the console starts and shows the state
        report = connection(client)
        assert report.connected is False and "refused" in report.reason
    finally:
        await client.close()
    await asyncio.to_thread(double.start)
