"""The service's own routes: liveness, `/v1/`, version, namespaces (§1.4, §1.5.1, §1.5.2)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.api.endpoints import Endpoint
from backend.api.responses import error_response, success
from backend.embedded import EmbeddedBackend


class ServiceRoutes:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("GET", "/", self.alive, protected=False),
            Endpoint("GET", "/v1/", self.v1_root, protected=False),
            Endpoint("GET", "/v1/version/", self.version),
            Endpoint("GET", "/v1/namespace/", self.namespaces),
        ]

    async def alive(self, request: Request, caller: str) -> Response:
        return success("kubefate run Success")

    async def v1_root(self, request: Request, caller: str) -> Response:
        return error_response(400, "error path")

    async def version(self, request: Request, caller: str) -> Response:
        return success("getVersion Success", version=await self.backend.version())

    async def namespaces(self, request: Request, caller: str) -> Response:
        namespaces = await self.backend.list_namespaces()
        return success("getNamespaceList Success", data=[ns.to_wire() for ns in namespaces])
