"""uvicorn, configured for the API: no access log of its own (ours redacts tokens), tokens
redacted from its other lines, `X-Forwarded-For` believed only from the proxies the operator
names, deadlines on reading requests (slow_clients.py), no `server` header (gin sends none),
and signals that only ask the server to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from backend.api.slow_clients import ReadTimeouts, deadline_protocol
from backend.logs.log_hygiene import guard_logger

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def uvicorn_config(
    app: ASGIApp,
    host: str,
    port: int,
    *,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    trusted_proxies: Sequence[str] = (),
    read_timeouts: ReadTimeouts | None = None,
) -> uvicorn.Config:
    """`trusted_proxies`: the addresses (or networks, or `*`) whose `X-Forwarded-For` and
    `X-Forwarded-Proto` are believed. None by default: uvicorn's default believes any local
    client, which let one forge an address per request, escaping the login throttle and
    writing what it liked in the access log."""
    for name in _UVICORN_LOGGERS:  # its WebSocket lines print `?token=`; refusals too
        guard_logger(logging.getLogger(name))
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=deadline_protocol(read_timeouts or ReadTimeouts()),
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        access_log=False,  # uvicorn's prints query strings, `?token=` included
        log_config=None,  # the caller's logging configuration applies
        lifespan="off",  # the backend is started and closed by the caller
        server_header=False,
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies),
    )


class ApiServer(uvicorn.Server):
    """A uvicorn server whose SIGINT/SIGTERM handling just sets `should_exit`, and which
    calls `on_started` once it listens.

    uvicorn re-raises the signal it caught once it has stopped, which would kill the process
    (SIGTERM) or raise KeyboardInterrupt before the caller closes the backend.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        *,
        handle_signals: bool = True,
        on_started: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(config)
        self.handle_signals = handle_signals
        self.on_started = on_started

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn waits for every answer in progress to end; a change feed's never would.
        close_streams = getattr(getattr(self.config.app, "state", None), "close_streams", None)
        if callable(close_streams):
            close_streams()
        await super().shutdown(sockets)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.on_started is not None:
            self.on_started()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if not self.handle_signals:
            yield
            return
        loop = asyncio.get_running_loop()
        for sig in _STOP_SIGNALS:
            loop.add_signal_handler(sig, self.handle_exit, sig, None)
        try:
            yield
        finally:
            for sig in _STOP_SIGNALS:
                loop.remove_signal_handler(sig)
