"""One behaviour suite, two backends: the embedded one, and the remote client talking to
`kubefate-tui serve` (the same embedded backend behind the served REST API, over real HTTP).
Both deploy into the Kubernetes emulator; the tests play its controllers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.api import ApiOptions, create_app
from backend.embedded import EmbeddedBackend
from backend.interface import Backend
from backend.kube import KubeSettings
from backend.remote import RemoteBackend, RemoteSettings
from tests.api.conftest import serving
from tests.engine.conftest import NAMESPACE
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

ADMIN_PASSWORD = "behaviour-admin"


@dataclass
class World:
    """The backend under test, the embedded backend doing the work, and the emulator."""

    backend: Backend
    embedded: EmbeddedBackend
    emulator: KubeEmulator
    restart_service: Callable[[], Awaitable[None]] | None = None  # remote: stop, start again
    has_feed: bool = False  # remote: the service has the change feed

    async def settle(self) -> None:
        await asyncio.wait_for(self.embedded.engine.wait_idle(), 60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# remote: the client follows serve's change feed; remote-polling: serve without it, as
# KubeFATE's own service, and the client polls.
@pytest.fixture(params=["embedded", "remote", "remote-polling"])
async def world(
    request: pytest.FixtureRequest,
    kube_emulator: KubeEmulator,
    kubeconfig: Path,
    tmp_path: Path,
) -> AsyncIterator[World]:
    kube_emulator.controller.create_namespace(NAMESPACE)
    options = offline_options(
        tmp_path / "data" / "kubefate.db",
        kube=KubeSettings(kubeconfig=kubeconfig),
        admin_password=ADMIN_PASSWORD,
    )
    embedded = EmbeddedBackend(options)
    await embedded.start()
    await embedded.upload_chart(mini_fate_chart())
    try:
        if request.param == "embedded":
            yield World(embedded, embedded, kube_emulator)
            return
        api_options = ApiOptions(change_feed=request.param == "remote")
        port = free_port()
        async with AsyncExitStack() as service:
            url = await service.enter_async_context(
                serving(create_app(embedded, api_options), port)
            )

            async def restart() -> None:
                """The service stops and starts again (a new process would: a new feed)."""
                await service.aclose()
                await service.enter_async_context(serving(create_app(embedded, api_options), port))

            settings = RemoteSettings(
                url=url, username="admin", password=ADMIN_PASSWORD, poll_interval=0.2
            )
            remote = RemoteBackend(settings)
            await remote.start()
            try:
                yield World(remote, embedded, kube_emulator, restart, api_options.change_feed)
            finally:
                await remote.close()
                await embedded.engine.wait_idle()
    finally:
        await embedded.close()
