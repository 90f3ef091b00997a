"""`kubefate-tui serve` on loopback for console tests: the served REST API over a real embedded
backend, which a test can stop and start again, and remote clients for it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette

from backend.api import ApiOptions, create_app
from backend.api.server import ApiServer, uvicorn_config
from backend.embedded import EmbeddedBackend, EmbeddedOptions
from backend.remote import RemoteBackend, RemoteSettings
from tests.offline_backend import offline_options

PASSWORD = "remote-console-admin"


class Service:
    """The served API on one loopback port, which a test can stop and start again."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        self.port = int(probe.getsockname()[1])
        probe.close()
        self._server: ApiServer | None = None
        self._task: asyncio.Task[None] | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        server = ApiServer(uvicorn_config(self.app, "127.0.0.1", self.port), handle_signals=False)
        self._server, self._socket = server, sock
        self._task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if self._task.done():
                self._task.result()
                raise AssertionError("the API server stopped during start-up")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is None or self._task is None or self._socket is None:
            return
        self._server.should_exit = True
        await asyncio.wait_for(self._task, 10)
        self._socket.close()
        self._server = self._task = self._socket = None


@dataclass
class Served:
    embedded: EmbeddedBackend
    service: Service

    def remote(self) -> RemoteBackend:
        """A remote client with test-sized polling and back-off (the defaults are seconds)."""
        settings = RemoteSettings(
            url=self.service.url,
            username="admin",
            password=PASSWORD,
            connect_timeout=2.0,
            retry_base_delay=0.05,
            retry_budget=1.0,
            poll_interval=0.2,
            poll_max_backoff=1.0,
        )
        return RemoteBackend(settings)


@asynccontextmanager
async def serving(
    options: EmbeddedOptions, api_options: ApiOptions | None = None
) -> AsyncIterator[Served]:
    """An embedded backend with `options`, served on loopback until the block ends."""
    embedded = EmbeddedBackend(options)
    await embedded.start()
    service = Service(create_app(embedded, api_options or ApiOptions()))
    await service.start()
    try:
        yield Served(embedded, service)
    finally:
        await service.stop()
        await embedded.close()


@pytest.fixture
async def served(db_path: Path) -> AsyncIterator[Served]:
    """The served API over an embedded backend without Kubernetes."""
    async with serving(offline_options(db_path, admin_password=PASSWORD)) as service:
        yield service


@pytest.fixture
async def served_without_feed(db_path: Path) -> AsyncIterator[Served]:
    """`served` as KubeFATE's own service answers: no change feed (remote consoles poll)."""
    options = offline_options(db_path, admin_password=PASSWORD)
    async with serving(options, ApiOptions(change_feed=False)) as service:
        yield service
