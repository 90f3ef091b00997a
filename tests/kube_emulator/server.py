"""The emulator process-part: uvicorn serving the app on 127.0.0.1:<random port> in a thread.

A thread (not the test's own event loop) so that blocking clients work too: the sync
`kubernetes` client, Helm in a subprocess, or a test that calls something blocking.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
import yaml
from uvicorn.protocols.http.h11_impl import H11Protocol

from tests.kube_emulator.app import EmulatorApp, RequestRecord
from tests.kube_emulator.controller import Controller
from tests.kube_emulator.faults import Faults
from tests.kube_emulator.store import Store

DEFAULT_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


class _NoDelayProtocol(H11Protocol):
    """uvicorn's h11 protocol with Nagle's algorithm off, as a real API server (Go) has it.

    With Nagle on, every response after the first on a keep-alive connection waited ~40 ms
    for the client's delayed ACK: Helm's ~20 sequential requests per install then timed the
    emulator rather than Helm (measured by bench/job_latency.py).
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


class _QuickServer(uvicorn.Server):
    """uvicorn, minus its 0.1 s polling: stop in milliseconds, since every test starts one.

    The stock main loop checks `should_exit` every 100 ms and shutdown sleeps another 100 ms,
    which made teardown 0.2 s per test.
    """

    exit_event: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self.exit_event = asyncio.Event()
        while not self.should_exit:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.exit_event.wait(), 1.0)
            await self.on_tick(0)  # refreshes the Date header

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 2
        while self.server_state.tasks and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in self.server_state.tasks:
            task.cancel()

    def request_exit(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.should_exit = True
        event = self.exit_event
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)


class KubeEmulator:
    """A Kubernetes API server double: real HTTP, in-memory state, a test-driven controller."""

    def __init__(
        self, *, workdir: Path | None = None, default_watch_timeout: float = 1800.0
    ) -> None:
        self.workdir = workdir
        self._kubeconfigs = 0
        self.store = Store()
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
        self.internal_errors: list[str] = []
        self.default_watch_timeout = default_watch_timeout
        self.tokens: dict[str, str] = {}
        self.controller = Controller(self)
        self._thread: threading.Thread | None = None
        self._server: _QuickServer | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.port = 0
        self._seed()

    # ----- lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> KubeEmulator:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        # Disconnect-with-an-exception (AbruptDrop) is a feature here, not an error to log.
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
        config = uvicorn.Config(
            EmulatorApp(self).app,
            log_level="critical",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            timeout_keep_alive=30,
            http=_NoDelayProtocol,
        )
        self._server = _QuickServer(config)
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            ready.set()
            assert self._server is not None
            try:
                loop.run_until_complete(self._server.serve(sockets=[sock]))
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="kube-emulator", daemon=True)
        self._thread.start()
        ready.wait(5)
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the Kubernetes emulator did not start within 10 s")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self.controller.stop_auto()
        self.store.end_watches()
        self.store.end_follows()
        if self._server is not None:
            self._server.request_exit(self.loop)
        if self._thread is not None:
            self._thread.join(10)
        self._thread = None

    def call_soon(self, delay: float, callback: Any) -> None:
        """Run `callback()` on the server loop after `delay` seconds (thread-safe)."""
        if self.loop is None or self.loop.is_closed():
            return
        loop = self.loop
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(loop.call_later, delay, callback)

    # ----- users and kubeconfig ------------------------------------------------------------

    def add_user(self, name: str, token: str | None = None) -> str:
        """Register a bearer token for `name` (as which faults can target requests)."""
        token = token or secrets.token_hex(16)
        self.tokens[token] = name
        return token

    def user_for(self, authorization: str) -> str:
        if authorization.lower().startswith("bearer "):
            return self.tokens.get(authorization[7:].strip(), "system:anonymous")
        return "system:anonymous"

    def write_kubeconfig(
        self,
        path: Path | None = None,
        *,
        context: str = "emulator",
        user: str = "tester",
        namespace: str | None = None,
        extra_contexts: dict[str, str] | None = None,
    ) -> Path:
        """Write a kubeconfig: cluster `emulator` at self.url, `user` with a fresh token.

        `extra_contexts` maps more context names to server URLs (e.g. one nobody listens on).
        Without `path`, a new file in `workdir` is written.
        """
        if path is None:
            if self.workdir is None:
                raise ValueError("write_kubeconfig needs a path when the emulator has no workdir")
            self._kubeconfigs += 1
            path = self.workdir / f"kubeconfig-{self._kubeconfigs}"
        token = self.add_user(user)
        clusters = [{"name": "emulator", "cluster": {"server": self.url}}]
        contexts: list[dict[str, Any]] = [
            {"name": context, "context": {"cluster": "emulator", "user": user}}
        ]
        if namespace:
            contexts[0]["context"]["namespace"] = namespace
        for name, server in (extra_contexts or {}).items():
            clusters.append({"name": f"{name}-cluster", "cluster": {"server": server}})
            contexts.append({"name": name, "context": {"cluster": f"{name}-cluster", "user": user}})
        document = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": clusters,
            "users": [{"name": user, "user": {"token": token}}],
            "contexts": contexts,
            "current-context": context,
            "preferences": {},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    # ----- seed state ----------------------------------------------------------------------

    def _seed(self) -> None:
        for name in DEFAULT_NAMESPACES:
            self.store.put({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
        self.controller.add_node("emulator-node-1", internal_ip="192.168.49.2")
        self.store.put(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {
                    "name": "kubernetes",
                    "namespace": "default",
                    "labels": {"component": "apiserver", "provider": "kubernetes"},
                },
                "spec": {"ports": [{"name": "https", "port": 443, "targetPort": 6443}]},
            }
        )
