"""Holding a blocking function mid-call, to see what the server does meanwhile.

A held call waits until released (at most 5 s): if it runs on the event loop, nothing else is
answered until then; if it runs in a worker thread, everything else goes on.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from tests.api.conftest import Served


@dataclass
class HeldCall:
    started: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def hold(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> HeldCall:
    """Replace `module.name` by a version that signals `started`, then waits for `release`."""
    held = HeldCall()
    original: Callable[..., Any] = getattr(module, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        held.started.set()
        held.release.wait(5)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    return held


async def login_while(held: HeldCall, request: asyncio.Task[Any], served: Served) -> float:
    """Once `held` has started, log in; the login must be answered before `request` is."""
    assert await asyncio.to_thread(held.started.wait, 5)
    client = served.client()
    begun = time.perf_counter()
    response = await client.post("/v1/user/login", json={"username": "admin", "password": "admin"})
    login_ms = (time.perf_counter() - begun) * 1000
    assert response.status_code == 200
    assert not request.done(), f"the login waited for the other request ({login_ms:.0f} ms)"
    return login_ms
