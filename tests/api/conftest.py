"""A real API server on loopback, over an embedded backend deploying into the emulator."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.api import ApiOptions, create_app
from backend.api.server import ApiServer, uvicorn_config
from backend.embedded import EmbeddedBackend
from tests.engine.conftest import NAME, NAMESPACE, backend_for
from tests.engine.mini_fate_chart import cluster_yaml, mini_fate_chart
from tests.kube_emulator import KubeEmulator

__all__ = ["NAME", "NAMESPACE", "Served", "cluster_yaml", "mini_fate_chart", "serving"]


@asynccontextmanager
async def serving(app: Starlette, port: int = 0, **config_options: Any) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on loopback, on `port` or a free one; yields the base URL.
    `config_options` go to `uvicorn_config` (trusted proxies, read timeouts)."""
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets that say so, and
    # without it every keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    config = uvicorn_config(app, "127.0.0.1", port, **config_options)
    server = ApiServer(config, handle_signals=False)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise AssertionError("the API server stopped during start-up")
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()


@dataclass
class Served:
    """The server under test, its backend, and an admin token (no login needed)."""

    backend: EmbeddedBackend
    emulator: KubeEmulator
    url: str
    token: str
    db_path: Path
    app: Starlette
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def client(self, **options: Any) -> httpx.AsyncClient:
        client = httpx.AsyncClient(**{"base_url": self.url, "timeout": 30, **options})
        self.clients.append(client)
        return client

    async def issue(self, username: str = "admin") -> str:
        return (await self.backend.accounts.issue_token(username)).token


@pytest.fixture
async def served(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> AsyncIterator[Served]:
    kube_emulator.controller.create_namespace(NAMESPACE)
    db_path = tmp_path / "data" / "kubefate.db"
    backend = backend_for(db_path, kubeconfig)
    await backend.start()
    app = create_app(backend, ApiOptions())
    try:
        async with serving(app) as url:
            token = (await (await backend.ready_accounts()).issue_token("admin")).token
            served = Served(backend, kube_emulator, url, token, db_path, app)
            try:
                yield served
            finally:
                for client in served.clients:
                    await client.aclose()
                await asyncio.wait_for(backend.engine.wait_idle(), 60)
    finally:
        await backend.close()


@pytest.fixture
async def with_chart(served: Served) -> Served:
    """`served` with the mini `fate` v2.0.0 chart uploaded."""
    await served.backend.upload_chart(mini_fate_chart())
    return served
