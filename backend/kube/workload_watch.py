"""A live stream of one cluster's workload states, built on Kubernetes watches (no polling).

For each workload kind (Deployments, StatefulSets labelled `name=<cluster>`) a task runs the
informer loop every Kubernetes client runs:

    list -> remember resourceVersion -> watch from it -> apply events -> ...
    stream ended (server timeout, connection dropped) -> watch again from the last version
    410 Gone (the version was compacted away)           -> list again (resync)
    error (API unreachable, 5xx, 403)                   -> back off, then watch/list again
    every `resync_interval` (5 min)                     -> list again, to heal missed events

The consumer sees `WorkloadUpdate`s: the whole state map each time something in it changed.
Use it as an async context manager, so its tasks stop with the consumer:

    async with WorkloadWatch(conn, "fate-9999", "fate-9999") as updates:
        async for update in updates:
            if cluster_ready(update.states): break
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from backend.errors import BackendError
from backend.kube import objects
from backend.kube.api import Gone, JsonObject, QueryValue, parse_status, status_error
from backend.kube.connection import KubeConnection
from backend.kube.paths import Resource, cluster_selector
from backend.kube.workloads import WORKLOAD_RESOURCES, states_of, workload_state
from backend.models.enums import ModulesStatus

log = logging.getLogger(__name__)

#: Seconds of silence after which a watch connection is presumed dead (beyond its timeout).
IDLE_MARGIN = 30.0


@dataclass(frozen=True, slots=True)
class WorkloadUpdate:
    """The cluster's workload states after a change."""

    states: Mapping[str, ModulesStatus]  # every workload of the cluster, by name
    changed: frozenset[str]  # names that appeared, disappeared or changed state
    cause: str  # "initial", "watch" or "resync"


@dataclass(slots=True)
class Backoff:
    """Exponential back-off with jitter for reconnects; reset by a successful exchange."""

    initial: float = 0.2
    maximum: float = 30.0
    factor: float = 2.0
    _next: float = field(default=0.0, init=False)

    def reset(self) -> None:
        self._next = 0.0

    def delay(self) -> float:
        self._next = (
            self.initial if self._next == 0 else min(self.maximum, self._next * self.factor)
        )
        return self._next * random.uniform(0.8, 1.2)


class _KindWatcher:
    """The list/watch loop of one workload kind; reports its cache to the shared queue."""

    def __init__(self, owner: WorkloadWatch, resource: Resource) -> None:
        self.owner = owner
        self.resource = resource
        self.states: dict[str, ModulesStatus] = {}
        self.synced = False
        self.version: str | None = None  # where the next watch resumes; None: list first
        self.next_resync = 0.0
        self.backoff = Backoff(owner.backoff_initial, owner.backoff_max)

    async def run(self) -> None:
        while True:
            try:
                if self.version is None:
                    self.version = await self._list()
                await self._watch(self.version)
            except Gone:
                log.debug("%s watch expired; relisting", self.resource.plural)
                self.version = None
            except (BackendError, ValueError) as error:
                # ValueError: a garbled event line; treat it like a broken connection.
                # Keep `version`: the next watch resumes where this one broke off.
                self.owner.last_error = str(error)
                await asyncio.sleep(self.backoff.delay())

    async def _list(self) -> str:
        owner = self.owner
        document = await owner.conn.api.get(
            self.resource.collection(owner.namespace), {"labelSelector": owner.selector}
        )
        cause = "resync" if self.synced else "initial"
        self.states = states_of(self.resource, document)
        self.synced = True
        self.next_resync = time.monotonic() + owner.resync_interval
        owner.last_error = None
        self.backoff.reset()
        owner.notify(cause)
        return objects.text(document, "metadata", "resourceVersion")

    async def _watch(self, version: str) -> None:
        """Watch from `version` until the stream ends (or relist if a resync is due)."""
        owner = self.owner
        remaining = self.next_resync - time.monotonic()
        if remaining <= 0:
            self.version = None
            return
        timeout = max(1, int(remaining))
        query: dict[str, QueryValue] = {
            "watch": True,
            "resourceVersion": version,
            "labelSelector": owner.selector,
            "timeoutSeconds": timeout,
            "allowWatchBookmarks": True,
        }
        started = time.monotonic()
        received = False
        path = self.resource.collection(owner.namespace)
        stream = owner.conn.api.lines(path, query, idle_timeout=timeout + IDLE_MARGIN)
        async with contextlib.aclosing(stream):  # close the connection on Gone/errors too
            async for line in stream:
                self.version = self._apply(json.loads(line), self.version or version)
                received = True
                owner.last_error = None
                self.backoff.reset()
        if not received and time.monotonic() - started < 1.0:
            # An empty stream that ended at once: do not spin against a server that does that.
            await asyncio.sleep(self.backoff.delay())

    def _apply(self, event: JsonObject, version: str) -> str:
        kind = event.get("type")
        obj = objects.mapping(event, "object")
        if kind == "ERROR":
            status = parse_status(int(obj.get("code") or 500), json.dumps(obj).encode())
            raise status_error(status, self.owner.conn.api.server)
        new_version = objects.resource_version(obj) or version
        if kind == "BOOKMARK":
            return new_version
        name = objects.name(obj)
        before = self.states.get(name)
        if kind == "DELETED":
            self.states.pop(name, None)
        else:
            self.states[name] = workload_state(self.resource.kind, obj)
        if self.states.get(name) != before:
            self.owner.notify("watch")
        return new_version


class WorkloadWatch:
    """Async iterator of `WorkloadUpdate`s for the workloads of one cluster."""

    def __init__(
        self,
        conn: KubeConnection,
        namespace: str,
        cluster: str,
        *,
        resync_interval: float = 300.0,
        backoff_initial: float = 0.2,
        backoff_max: float = 30.0,
    ) -> None:
        self.conn = conn
        self.namespace = namespace
        self.selector = cluster_selector(cluster)
        self.resync_interval = resync_interval
        self.backoff_initial, self.backoff_max = backoff_initial, backoff_max
        self.last_error: str | None = None  # the latest reconnect reason, None when healthy
        self._watchers = [_KindWatcher(self, r) for r in WORKLOAD_RESOURCES]
        self._tasks: list[asyncio.Task[None]] = []
        self._wakeup = asyncio.Event()
        self._causes: list[str] = []
        self._last: dict[str, ModulesStatus] | None = None
        self._closed = False

    # ----- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        if self._tasks or self._closed:
            return
        self._tasks = [
            asyncio.create_task(w.run(), name=f"watch {w.resource.plural} {self.selector}")
            for w in self._watchers
        ]
        for task in self._tasks:
            task.add_done_callback(lambda _t: self._wakeup.set())

    async def aclose(self) -> None:
        """Stop watching: cancel the tasks and wait for their connections to close."""
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._wakeup.set()

    async def __aenter__(self) -> Self:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # ----- iteration -----------------------------------------------------------------------

    def notify(self, cause: str) -> None:
        self._causes.append(cause)
        self._wakeup.set()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> WorkloadUpdate:
        self.start()
        while True:
            if self._closed:
                raise StopAsyncIteration
            self._raise_if_crashed()
            update = self._pending_update()
            if update is not None:
                return update
            self._wakeup.clear()
            await self._wakeup.wait()

    def _raise_if_crashed(self) -> None:
        for task in self._tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise RuntimeError("workload watch stopped") from task.exception()

    def _pending_update(self) -> WorkloadUpdate | None:
        if not all(w.synced for w in self._watchers) or not self._causes:
            return None
        causes, self._causes = self._causes, []
        states: dict[str, ModulesStatus] = {}
        for watcher in self._watchers:
            states.update(watcher.states)
        if self._last is None:
            self._last = states
            return WorkloadUpdate(dict(states), frozenset(states), "initial")
        changed = frozenset(
            n for n in states.keys() | self._last.keys() if states.get(n) != self._last.get(n)
        )
        if not changed:
            return None
        self._last = states
        cause = "resync" if "resync" in causes else "watch"
        return WorkloadUpdate(dict(states), changed, cause)
