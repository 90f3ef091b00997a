"""Jobs (§1.5.5): list, describe, stop, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.api.endpoints import Endpoint
from backend.api.responses import RECORD_NOT_FOUND, ApiError, streamed_success, success
from backend.embedded import EmbeddedBackend


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
        jobs = await self.backend.list_jobs()
        return streamed_success("getJobList Success", lambda: [job.to_wire() for job in jobs])

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
