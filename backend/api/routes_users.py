"""Users (§1.5.3): create, list, describe, update, delete.

No response ever carries a password hash or salt (KubeFATE leaks both); the `User` model has
no field for them, so the keys are simply absent, as Go's omitempty leaves empty ones out.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.api.binding import bind_user_fields
from backend.api.endpoints import Endpoint
from backend.api.responses import RECORD_NOT_FOUND, success
from backend.embedded import EmbeddedBackend


class UserRoutes:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("POST", "/v1/user", self.create),
            Endpoint("GET", "/v1/user/", self.list),
            Endpoint("GET", "/v1/user/{user_id}", self.get, not_found_text=RECORD_NOT_FOUND),
            Endpoint("PUT", "/v1/user/{user_id}", self.update, not_found_text=RECORD_NOT_FOUND),
            Endpoint("DELETE", "/v1/user/{user_id}", self.delete, not_found_text=RECORD_NOT_FOUND),
        ]

    async def create(self, request: Request, caller: str) -> Response:
        fields = bind_user_fields(await request.body())
        user = await self.backend.create_user(
            fields["username"] or "", fields["password"] or "", fields["email"] or ""
        )
        # "createCluster Success" is really what KubeFATE answers here.
        return success("createCluster Success", data=user.to_wire())

    async def list(self, request: Request, caller: str) -> Response:
        users = await self.backend.list_users()
        return success("getUserList Success", data=[user.to_wire() for user in users])

    async def get(self, request: Request, caller: str) -> Response:
        user = await self.backend.get_user(request.path_params["user_id"])
        return success("getUser Success", data=user.to_wire())

    async def update(self, request: Request, caller: str) -> Response:
        fields = bind_user_fields(await request.body())
        user = await self.backend.update_user(request.path_params["user_id"], **fields)
        return success("setUser Success", data=user.to_wire())

    async def delete(self, request: Request, caller: str) -> Response:
        await self.backend.delete_user(request.path_params["user_id"], acting_user=caller)
        return success("deleteUser Success")
