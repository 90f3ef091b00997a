"""Clusters (§1.5.4): install, update, list, describe, delete. Each change answers its job."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.api.binding import bind_cluster_args
from backend.api.cluster_identity import check_cluster_identity
from backend.api.endpoints import Endpoint
from backend.api.responses import RECORD_NOT_FOUND, streamed_success, success
from backend.embedded import EmbeddedBackend
from backend.heavy_work import run_heavy


class ClusterRoutes:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("POST", "/v1/cluster", self.install),
            Endpoint("PUT", "/v1/cluster", self.update),
            Endpoint("GET", "/v1/cluster/", self.list),
            Endpoint("GET", "/v1/cluster/{cluster_id}", self.get, not_found_text=RECORD_NOT_FOUND),
            Endpoint(
                "DELETE", "/v1/cluster/{cluster_id}", self.delete, not_found_text=RECORD_NOT_FOUND
            ),
        ]

    async def install(self, request: Request, caller: str) -> Response:
        args = await run_heavy(bind_cluster_args, await request.body())  # up to 4 MiB
        check_cluster_identity(args)
        job = await self.backend.install_cluster(args, creator=caller)
        return success("createCluster Success", data=job.to_wire())

    async def update(self, request: Request, caller: str) -> Response:
        args = await run_heavy(bind_cluster_args, await request.body())  # up to 4 MiB
        check_cluster_identity(args)
        job = await self.backend.update_cluster(args, creator=caller)
        return success("setCluster Success", data=job.to_wire())

    async def list(self, request: Request, caller: str) -> Response:
        # Only the literal `all=true` includes deleted clusters, as in KubeFATE.
        include_deleted = request.query_params.get("all") == "true"
        clusters = await self.backend.list_clusters(include_deleted=include_deleted)
        return streamed_success("getClusterList Success", lambda: [c.to_wire() for c in clusters])

    async def get(self, request: Request, caller: str) -> Response:
        cluster = await self.backend.get_cluster(request.path_params["cluster_id"])
        return success("getCluster Success", data=cluster.to_wire())

    async def delete(self, request: Request, caller: str) -> Response:
        job = await self.backend.delete_cluster(request.path_params["cluster_id"], creator=caller)
        return success("deleteCluster Success", data=job.to_wire())
