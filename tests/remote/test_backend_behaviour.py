"""The remote client's behaviour against any KubeFATE-compatible service.

By default the service is the Go double; set KUBEFATE_TUI_REMOTE_URL (and FATECLOUD_USER_*) to
run the same tests against another one, e.g. `kubefate-tui serve`. Only the Backend interface
is used here, never the double's internals.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import replace

import pytest

from backend.errors import Conflict, NotFound
from backend.events import ChangeAction, EntityKind
from backend.models import ClusterArgs, JobMethod
from backend.remote import RemoteBackend
from tests.remote.conftest import connection
from tests.remote.kubefate_double import make_chart_archive

MISSING = "00000000-0000-4000-8000-000000000000"


async def test_version_and_login(service_client: RemoteBackend) -> None:
    assert (await service_client.version()).startswith("v")
    session = await service_client.login(
        service_client.settings.username, service_client.settings.password
    )
    assert session.username == service_client.settings.username
    assert connection(service_client).connected is True


@pytest.mark.parametrize(
    "call",
    ["get_cluster", "get_job", "get_chart", "delete_cluster", "delete_job", "stop_job"],
)
async def test_unknown_ids_are_not_found(service_client: RemoteBackend, call: str) -> None:
    with pytest.raises(NotFound, match=MISSING):
        await getattr(service_client, call)(MISSING)


async def test_a_dead_cached_token_is_replaced_transparently(
    service_client: RemoteBackend,
) -> None:
    await service_client.version()
    token = service_client.session._token
    assert token is not None
    service_client.session._token = replace(token, token=token.token[:-4] + "AAAA")
    assert (await service_client.version()).startswith("v")
    assert service_client.session.logins == 2


async def test_users_round_trip(service_client: RemoteBackend) -> None:
    name = f"user{secrets.token_hex(4)}"
    created = await service_client.create_user(name, "pw-" + secrets.token_hex(4), "u@example.com")
    assert created.username == name
    assert name in [user.username for user in await service_client.list_users()]
    with pytest.raises(Conflict):
        await service_client.create_user(name, "other")
    await service_client.delete_user(created.uuid)
    assert name not in [user.username for user in await service_client.list_users()]


async def test_charts_round_trip(service_client: RemoteBackend) -> None:
    name = f"chart{secrets.token_hex(3)}"
    chart = await service_client.upload_chart(make_chart_archive(name, "v0.0.1"))
    assert (chart.name, chart.version) == (name, "v0.0.1")
    listed = {c.uuid: c for c in await service_client.list_charts()}
    assert listed[chart.uuid].templates == ()
    assert (await service_client.get_chart(chart.uuid)).name == name
    assert "chartName" in await service_client.value_template_example(name, "v0.0.1")
    await service_client.delete_chart(chart.uuid)
    assert chart.uuid not in {c.uuid for c in await service_client.list_charts()}


async def test_install_is_a_job_and_subscribers_hear_of_it(
    service_client: RemoteBackend,
) -> None:
    name = f"fate-{secrets.randbelow(90000) + 10000}"
    async with service_client.subscribe() as events:
        deadline = time.monotonic() + 5
        while service_client.poller.polls < 1:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        job = await service_client.install_cluster(
            ClusterArgs(
                name=name,
                namespace=name,
                chart_name="fate",
                chart_version="v2.0.0",
                data=f"name: {name}\nnamespace: {name}\nchartName: fate\n".encode(),
            )
        )
        assert job.method is JobMethod.INSTALL
        assert job.meta_data is not None and job.meta_data.name == name
        assert (await service_client.get_job(job.uuid)).uuid == job.uuid
        assert job.uuid in [j.uuid for j in await service_client.list_jobs()]
        while True:
            event = await asyncio.wait_for(events.__anext__(), 5)
            if event.uuid == job.uuid:
                assert (event.kind, event.action) == (EntityKind.JOB, ChangeAction.CREATED)
                break
