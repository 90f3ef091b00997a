"""Can this machine open a TCP connection to a party's gateway? How long did it take, and if
not, why, in plain words (refused, timed out, no route, name not known).

FATE parties reach each other on the gateway's address and port (Info ip:port); a connect from
where the console runs is the cheapest first answer to "why does my job hang?". Nothing is sent:
the connection is closed as soon as it is open.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

DEFAULT_TIMEOUT = 3.0
"""Seconds a connect may take before it counts as timed out."""

_NO_ROUTE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """The outcome of one connect: `error` is "" when it connected."""

    host: str
    port: int
    seconds: float
    error: str = ""

    @property
    def reached(self) -> bool:
        """True when the connection was opened."""
        return not self.error


def plain_reason(error: BaseException) -> str:
    """What went wrong with a connect, in the words an operator uses."""
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, socket.gaierror):
        return "name not known"
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, OSError) and error.errno in _NO_ROUTE:
        return "no route"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


async def probe_gateway(
    host: str,
    port: int,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    clock: Callable[[], float] = time.monotonic,
) -> ProbeResult:
    """Open (and close at once) a TCP connection to `host:port` within `timeout` seconds."""
    started = clock()
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, TimeoutError) as error:
        return ProbeResult(host, port, clock() - started, plain_reason(error))
    elapsed = clock() - started
    writer.close()
    with suppress(OSError):  # the peer may drop the connection first; it was reached anyway
        await writer.wait_closed()
    return ProbeResult(host, port, elapsed)
