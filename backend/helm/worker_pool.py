"""A few Helm worker processes, each serving one request at a time.

Why a small pool rather than one worker: a chart download from a slow repository or an install
against a slow API server takes seconds to minutes, and a render for the wizard's preview or a
status query must not queue behind it. Why processes, one request each, rather than threads in
one worker: a timeout can only be enforced by killing the process running the Go call, and a
crash takes down everything in that process; with one request per process, both only ever cost
the request that caused them. Why small (2 by default): each idle worker holds ~30 MB of private
memory (plus ~50 MB of the mapped library, shared by all workers), and these machines have 2
cores. Writes to one release are serialised above this, in
the engine, because Helm warns that concurrent writes to the same release corrupt its history.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from backend.helm.worker_process import WorkerProcess
from backend.helm.worker_requests import WorkerRequest

Spawner = Callable[[], Awaitable[WorkerProcess]]


class WorkerPool:
    """Runs requests on up to `size` workers, starting them on demand and keeping them warm."""

    def __init__(self, spawn: Spawner, size: int) -> None:
        if size < 1:
            raise ValueError("a Helm worker pool needs at least one worker")
        self._spawn = spawn
        self._slots = asyncio.Semaphore(size)
        self._idle: list[WorkerProcess] = []
        self._busy: set[WorkerProcess] = set()
        self._closed = False

    def pids(self) -> list[int]:
        """Process ids of the live workers, busy first (for diagnostics and tests)."""
        return [worker.pid for worker in [*self._busy, *self._idle] if worker.alive]

    def busy_pids(self) -> list[int]:
        return [worker.pid for worker in self._busy if worker.alive]

    async def run(self, request: WorkerRequest, timeout: float) -> dict[str, Any]:
        """One request's response. A worker that dies, times out or is abandoned is killed
        (never reused: its next answer could belong to the abandoned request)."""
        if self._closed:
            raise RuntimeError("the Helm engine is closed")
        async with self._slots:
            worker = await self._take()
            self._busy.add(worker)
            healthy = False
            try:
                response = await asyncio.wait_for(worker.call(request), timeout)
                healthy = True
                return response
            finally:
                self._busy.discard(worker)
                if healthy and not self._closed:
                    self._idle.append(worker)
                else:
                    await asyncio.shield(worker.kill())

    async def close(self) -> None:
        """Stop every worker: idle ones politely, busy ones by force."""
        self._closed = True
        idle, self._idle = self._idle, []
        busy = list(self._busy)
        await asyncio.gather(
            *(worker.close() for worker in idle), *(worker.kill() for worker in busy)
        )

    async def _take(self) -> WorkerProcess:
        while self._idle:
            worker = self._idle.pop()
            if worker.alive:
                return worker
        return await self._spawn()
