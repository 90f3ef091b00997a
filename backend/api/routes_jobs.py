"""Jobs (§1.5.5): list, describe, stop, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from backend.api.endpoints import Endpoint
from backend.api.responses import RECORD_NOT_FOUND, ApiError, streamed_list_success, success
from backend.embedded import EmbeddedBackend
from backend.store.job_wire_rows import live_job_wire_batches, open_reader

# Rows read and encoded per step: large enough that the encoder's per-call cost vanishes,
# small enough that one step holds the interpreter lock for a few milliseconds only.
LIST_BATCH: Final = 256


class JobRoutes:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("GET", "/v1/job/", self.list),
            Endpoint("GET", "/v1/job/{job_id}", self.get, not_found_text=RECORD_NOT_FOUND),
            # Unknown job: the backend words it as KubeFATE does for stop.
            Endpoint("PUT", "/v1/job/{job_id}", self.stop),
            Endpoint("DELETE", "/v1/job/{job_id}", self.delete, not_found_text=RECORD_NOT_FOUND),
        ]

    async def list(self, request: Request, caller: str) -> Response:
        """Every live job, streamed: read on a connection of its own and encoded a batch at
        a time in worker threads, so a 50,000-job answer neither holds the event loop nor
        sits in memory whole (docs/kubefate-compatibility.md)."""
        connection = await run_in_threadpool(open_reader, self.backend.store.path)
        return streamed_list_success("getJobList Success", _closing(connection))

    async def get(self, request: Request, caller: str) -> Response:
        job = await self.backend.get_job(request.path_params["job_id"])
        return success("getJob Success", data=job.to_wire())

    async def stop(self, request: Request, caller: str) -> Response:
        if request.query_params.get("jobStatus") != "stop":
            raise ApiError(400, "jobStatus error")
        await self.backend.stop_job(request.path_params["job_id"])
        return success("stop Job Success", data="Stop Job Success")

    async def delete(self, request: Request, caller: str) -> Response:
        await self.backend.delete_job(request.path_params["job_id"])
        return success("delete Job Success")


def _closing(connection: sqlite3.Connection) -> Iterator[list[Any]]:
    """The batches of the listing; the connection closes when the answer ends or is dropped."""
    try:
        yield from live_job_wire_batches(connection, LIST_BATCH)
    finally:
        connection.close()
