"""Cluster logs (§1.5.7): a snapshot as JSON, or followed over a WebSocket.

The WebSocket route wants a valid token and an `Origin` header that is this service's own (or
one the operator allowed: see origin_policy.py; KubeFATE takes any URL); refusals are HTTP
answers to the handshake (401 token, 403 Origin, 400 query, 404 cluster). Then one text
frame per log line, as lines come: no empty keep-alive frames (KubeFATE busy-loops sending
them). The session ends when the client closes, or when every
followed container has stopped (normal closure).
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from backend.api.binding import BindError, bind_log_query
from backend.api.endpoints import Endpoint, slash_forms
from backend.api.jwt_auth import AuthFailure, TokenGuard
from backend.api.responses import ApiError, auth_failure, error_response, failure_response, success
from backend.embedded import EmbeddedBackend
from backend.errors import BackendError, NotFound
from backend.models import LogQuery
from backend.store import StoreError

CLUSTER_NOT_FOUND = "get Cluster error, record not found"
BAD_ORIGIN = (
    "websocket: the Origin header is missing or names another site than this service "
    "(the service can allow more with --allow-origin)"
)
NOT_A_HANDSHAKE = "this route speaks WebSocket only: send an Upgrade: websocket handshake"
_CLOSE_REASON_BYTES = 120  # a close frame's reason holds at most 123 bytes


class LogRoutes:
    def __init__(self, backend: EmbeddedBackend, guard: TokenGuard) -> None:
        self.backend = backend
        self.guard = guard

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("GET", "/v1/log/{cluster_id}", self.snapshot),
            Endpoint("GET", "/v1/log/{cluster_id}/ws", self.not_upgraded),
        ]

    def websocket_routes(self) -> list[WebSocketRoute]:
        paths = slash_forms("/v1/log/{cluster_id}/ws")
        return [WebSocketRoute(path, self.follow) for path in paths]

    async def snapshot(self, request: Request, caller: str) -> Response:
        query = bind_log_query(request.query_params)
        cluster_id = request.path_params["cluster_id"]
        await self._require_cluster(cluster_id)
        text = await self.backend.cluster_logs(cluster_id, query)
        return success("getClusterLog Success", data=text)

    async def _require_cluster(self, cluster_id: str) -> None:
        """KubeFATE's words for an unknown cluster; a NotFound from Kubernetes later (a pod
        gone meanwhile) keeps its own words."""
        try:
            await self.backend.get_cluster_record(cluster_id)
        except NotFound:
            raise ApiError(404, CLUSTER_NOT_FOUND) from None

    async def not_upgraded(self, request: Request, caller: str) -> Response:
        raise ApiError(400, NOT_A_HANDSHAKE)

    # --- the WebSocket -----------------------------------------------------------------------
    async def follow(self, websocket: WebSocket) -> None:
        refusal, query = await self._admit(websocket)
        if refusal is not None:
            await _refuse(websocket, refusal)
            return
        assert query is not None
        await websocket.accept()
        sender = asyncio.create_task(self._send_lines(websocket, query))
        receiver = asyncio.create_task(_until_client_closes(websocket))
        try:
            await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sender, receiver):
                task.cancel()
            for task in (sender, receiver):
                with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, OSError):
                    await task

    async def _admit(self, websocket: WebSocket) -> tuple[Response | None, LogQuery | None]:
        """The handshake's refusal, or the query to follow."""
        try:
            await self.guard.identify(websocket)
        except AuthFailure as failure:
            return auth_failure(failure.status, failure.message), None
        except (BackendError, StoreError) as error:
            return failure_response(error), None
        if not self.guard.origins.allows(websocket):
            return error_response(403, BAD_ORIGIN), None
        try:
            query = bind_log_query(websocket.query_params)
            await self._require_cluster(websocket.path_params["cluster_id"])
        except BindError as error:
            return error_response(400, str(error)), None
        except ApiError as error:
            return error_response(error.status, error.text), None
        except (BackendError, StoreError) as error:
            return failure_response(error), None
        return None, query

    async def _send_lines(self, websocket: WebSocket, query: LogQuery) -> None:
        cluster_id = websocket.path_params["cluster_id"]
        lines = self.backend.follow_logs(cluster_id, query)
        try:
            async for line in lines:
                await websocket.send_text(line)
        except (BackendError, StoreError) as error:
            reason = str(error).encode()[:_CLOSE_REASON_BYTES].decode(errors="ignore")
            await websocket.close(code=1011, reason=reason)
            return
        finally:
            close = getattr(lines, "aclose", None)
            if close is not None:  # stop following now: closes the Kubernetes streams
                await close()
        await websocket.close(code=1000)


async def _until_client_closes(websocket: WebSocket) -> None:
    """Read (and drop) what the client sends until it closes the session."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return


async def _refuse(websocket: WebSocket, response: Response) -> None:
    """Answer the handshake with `response` where the server can send one, else close (403)."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(response)
    else:
        await websocket.close(code=1008)
