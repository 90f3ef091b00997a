"""A cluster's logs (docs/kubefate-behaviour.md §1.5.7): a snapshot, or a followed stream of lines.

Pods are those labelled `name=<cluster>`; every container of `spec.containers` is a stream,
or only those named `query.container`. When more than one stream matched, each line reads
`[<pod> <container>] <line>`; with exactly one, lines are bare.

Where we differ from KubeFATE, on purpose:
* KubeFATE keys streams by container name, so with several replicas only one pod's logs
  survive; we keep every (pod, container) pair, in pod-name then container order (upstream's
  order is random).
* A container that cannot give logs (still pulling its image, no previous instance...) does
  not fail the whole request: its stream shows one line with the API server's reason, unless it
  is the only stream, in which case the error is raised.
* Followed streams end when their containers stop (upstream's never end); pods created after
  the follow started are not picked up.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import UTC

from backend.errors import BackendError
from backend.kube import objects
from backend.kube.api import QueryValue
from backend.kube.connection import KubeConnection
from backend.kube.paths import PODS, cluster_selector, pod_log
from backend.models.log_query import LogQuery

#: Snapshot requests in flight at once.
PARALLEL_FETCHES = 8


@dataclass(frozen=True, slots=True)
class LogStream:
    pod: str
    container: str

    @property
    def prefix(self) -> str:
        return f"[{self.pod} {self.container}] "


def log_params(query: LogQuery, *, follow: bool = False) -> dict[str, QueryValue]:
    """§1.5.7's query as pods/log parameters."""
    params: dict[str, QueryValue] = {
        "previous": query.previous or None,
        "timestamps": query.timestamps or None,
        "tailLines": query.tail,
        "limitBytes": query.limit_bytes,
        "follow": follow or None,
    }
    if query.since is not None:
        # `since` wins over `since_time`; the API takes whole seconds, and at least 1.
        params["sinceSeconds"] = max(1, math.ceil(query.since.total_seconds()))
    elif query.since_time is not None:
        moment = query.since_time
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        params["sinceTime"] = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return params


async def log_streams(
    conn: KubeConnection, namespace: str, cluster: str, container: str = ""
) -> list[LogStream]:
    """The (pod, container) pairs of the cluster, filtered by container name if given."""
    document = await conn.api.get(
        PODS.collection(namespace), {"labelSelector": cluster_selector(cluster)}
    )
    streams = []
    for pod in sorted(objects.items(document), key=objects.name):
        for spec in objects.sequence(pod, "spec", "containers"):
            name = objects.text(spec, "name")
            if not container or name == container:
                streams.append(LogStream(objects.name(pod), name))
    return streams


def _prefixed(text: str, prefix: str) -> str:
    if not text:
        return ""
    lines = text.splitlines()
    return "".join(f"{prefix}{line}\n" for line in lines)


async def _fetch(
    conn: KubeConnection,
    namespace: str,
    stream: LogStream,
    query: LogQuery,
    gate: asyncio.Semaphore,
) -> str | BackendError:
    params = log_params(query) | {"container": stream.container}
    async with gate:
        try:
            return await conn.api.text(pod_log(namespace, stream.pod), params)
        except BackendError as error:
            return error


async def cluster_logs(conn: KubeConnection, namespace: str, cluster: str, query: LogQuery) -> str:
    """All matching containers' logs as one text (empty when no container matched)."""
    streams = await log_streams(conn, namespace, cluster, query.container)
    gate = asyncio.Semaphore(PARALLEL_FETCHES)
    results = await asyncio.gather(*(_fetch(conn, namespace, s, query, gate) for s in streams))
    if len(streams) == 1:
        only = results[0]
        if isinstance(only, BackendError):
            raise only
        return only
    parts = []
    for stream, result in zip(streams, results, strict=True):
        text = f"({result})\n" if isinstance(result, BackendError) else result
        parts.append(_prefixed(text, stream.prefix))
    return "".join(parts)


async def _pump(
    conn: KubeConnection,
    namespace: str,
    stream: LogStream,
    query: LogQuery,
    prefix: str,
    out: asyncio.Queue[str | None],
) -> None:
    params = log_params(query, follow=True) | {"container": stream.container}
    lines = conn.api.lines(pod_log(namespace, stream.pod), params, accept="*/*")
    try:
        async with contextlib.aclosing(lines):
            async for raw in lines:
                await out.put(prefix + raw.decode(errors="replace").rstrip("\r\n"))
    except BackendError as error:
        await out.put(f"{prefix}({error})")
    finally:
        await out.put(None)


async def follow_cluster_logs(
    conn: KubeConnection, namespace: str, cluster: str, query: LogQuery
) -> AsyncGenerator[str, None]:
    """Lines (without newline) of every matching container as they are written.

    Existing lines come first (bounded by tail/since like a snapshot). Ends when every stream
    has ended; stopping the iteration (break, aclose, cancel) closes all connections.
    """
    streams = await log_streams(conn, namespace, cluster, query.container)
    if len(streams) == 1:
        params = log_params(query, follow=True) | {"container": streams[0].container}
        lines = conn.api.lines(pod_log(namespace, streams[0].pod), params, accept="*/*")
        async with contextlib.aclosing(lines):
            async for raw in lines:
                yield raw.decode(errors="replace").rstrip("\r\n")
        return
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    tasks = [
        asyncio.create_task(_pump(conn, namespace, s, query, s.prefix, queue)) for s in streams
    ]
    try:
        open_streams = len(tasks)
        while open_streams:
            line = await queue.get()
            if line is None:
                open_streams -= 1
            else:
                yield line
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
