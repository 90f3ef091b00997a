"""The one typed boundary to the official `kubernetes` client.

Why `kubernetes.aio` and raw JSON:

* `kubernetes.aio` (the official asyncio client, shipped with `kubernetes` >= 37, aiohttp based)
  runs on the backend's event loop. Watches and `follow` log streams are long reads; on the sync
  client each would pin a worker thread in a blocking socket read that nothing can interrupt
  short of closing the socket from another thread, so stopping a consumer would leak threads
  until the server timed the request out. With aiohttp, cancelling the task closes the
  connection at once.
* We use the client for what it is good at: kubeconfig and in-cluster loading, every auth
  flavour (tokens, client certificates, exec plugins with refresh), TLS, URL and query encoding.
  Requests go through `ApiClient.param_serialize` + `call_api` with plain REST paths and come
  back as JSON dictionaries, not the generated pydantic models: those are strict (an object
  missing a field the model requires fails to load), slow to build for big lists, and untyped
  for mypy. Paths are the stable REST API; `backend.kube.objects` reads the few fields we need.
* Importing the client costs 1-2 s, so nothing here imports it at module level:
  `KubeApi.connect` does, off the first frame.

Errors leave this module as `backend.errors` types with the API server's own message.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from typing import Any

from backend.errors import (
    BackendError,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    Unavailable,
)

JsonObject = dict[str, Any]
QueryValue = str | int | bool | None
Query = Mapping[str, QueryValue]

#: Ordinary requests: seconds to connect, and for the whole exchange.
CONNECT_TIMEOUT = 10.0
REQUEST_TIMEOUT = 30.0


class Gone(Unavailable):
    """410: the resourceVersion a watch or list resumed from is too old (relist needed)."""


@dataclass(frozen=True, slots=True)
class ApiStatus:
    """The parts of a Kubernetes `Status` error we act on."""

    code: int
    reason: str
    message: str


def status_error(status: ApiStatus, server: str) -> BackendError:
    """The backend error for an error Status from the API server at `server`."""
    text = status.message or status.reason or f"HTTP {status.code}"
    if status.code == 404:
        return NotFound(text)
    if status.code == 403:
        return PermissionDenied(text)
    if status.code == 401:
        return PermissionDenied(f"Kubernetes API {server} rejected the credentials: {text}")
    if status.code == 409:
        return Conflict(text)
    if status.code == 410:
        return Gone(text)
    if status.code in (400, 422):
        return InvalidRequest(text)
    return Unavailable(f"Kubernetes API {server} answered {status.code}: {text}")


def parse_status(code: int, body: bytes) -> ApiStatus:
    """Read a Status body (or anything else) into an ApiStatus."""
    try:
        document = json.loads(body)
    except ValueError:
        return ApiStatus(code, "", body.decode(errors="replace").strip()[:500])
    if not isinstance(document, dict):
        return ApiStatus(code, "", str(document)[:500])
    return ApiStatus(
        int(document.get("code") or code),
        str(document.get("reason") or ""),
        str(document.get("message") or ""),
    )


def _query_pairs(query: Query | None) -> list[tuple[str, str]]:
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        else:
            pairs.append((key, str(value)))
    return pairs


def load_client_modules() -> tuple[Any, Any]:
    """`kubernetes.aio.client` and `kubernetes.aio.config`, imported on first use (slow)."""
    client = importlib.import_module("kubernetes.aio.client")
    config = importlib.import_module("kubernetes.aio.config")
    return client, config


class KubeApi:
    """JSON over the official client's transport, bound to one API server and event loop."""

    def __init__(self, api_client: Any, server: str) -> None:
        self._client = api_client  # kubernetes.aio.client.ApiClient (untyped)
        self.server = server

    async def close(self) -> None:
        await self._client.close()

    async def get(self, path: str, query: Query | None = None) -> JsonObject:
        """GET a JSON object (an object or a list)."""
        response = await self._send("GET", path, query, timeout=self._timeout(REQUEST_TIMEOUT))
        return await self._json(response)

    async def send(
        self,
        method: str,
        path: str,
        body: JsonObject,
        query: Query | None = None,
        content_type: str = "application/json",
    ) -> JsonObject:
        """POST/PUT/PATCH a JSON body; returns the object the server answers with."""
        response = await self._send(
            method,
            path,
            query,
            body=body,
            content_type=content_type,
            timeout=self._timeout(REQUEST_TIMEOUT),
        )
        return await self._json(response)

    async def text(self, path: str, query: Query | None = None) -> str:
        """GET a text body (pod logs)."""
        response = await self._send(
            "GET", path, query, accept="*/*", timeout=self._timeout(REQUEST_TIMEOUT)
        )
        try:
            data = await response.read()
        finally:
            response.release()
        return bytes(data).decode(errors="replace")

    async def lines(
        self,
        path: str,
        query: Query | None = None,
        *,
        idle_timeout: float | None = None,
        accept: str = "application/json",
    ) -> AsyncGenerator[bytes, None]:
        """Stream a body line by line (watch events, followed logs) until the server ends it.

        `idle_timeout` bounds the wait for the next byte, so a half-dead connection (no FIN,
        no data) is noticed; None waits forever. Closing the iterator (or cancelling the task
        reading it) closes the connection.
        """
        response = await self._send(
            "GET", path, query, accept=accept, timeout=self._timeout(None, idle_timeout)
        )
        try:
            while True:
                line = await response.content.readline()
                if not line:
                    return
                yield line
        except asyncio.CancelledError:
            raise
        except Exception as error:  # aiohttp payload/connection errors mid-stream
            raise self._unreachable(error) from error
        finally:
            response.close()

    # ----- internals -----------------------------------------------------------------------

    @staticmethod
    def _timeout(total: float | None, read: float | None = None) -> Any:
        aiohttp = importlib.import_module("aiohttp")
        return aiohttp.ClientTimeout(total=total, connect=CONNECT_TIMEOUT, sock_read=read)

    async def _send(
        self,
        method: str,
        path: str,
        query: Query | None,
        *,
        body: JsonObject | None = None,
        content_type: str = "application/json",
        accept: str = "application/json",
        timeout: Any = None,
    ) -> Any:
        headers = {"Accept": accept, "Content-Type": content_type}
        try:
            request = await self._client.param_serialize(
                method=method,
                resource_path=path,
                query_params=_query_pairs(query),
                header_params=headers,
                body=body,
                auth_settings=["BearerToken"],
            )
            rest = await self._client.call_api(*request, _request_timeout=timeout)
        except asyncio.CancelledError:
            raise
        except BackendError:
            raise
        except Exception as error:  # aiohttp, ssl, OS and client config errors
            raise self._unreachable(error) from error
        response = rest.response
        if response.status >= 400:
            try:
                data = await response.read()
            finally:
                response.release()
            raise status_error(parse_status(response.status, bytes(data)), self.server)
        return response

    async def _json(self, response: Any) -> JsonObject:
        try:
            data = await response.read()
        finally:
            response.release()
        try:
            document = json.loads(data)
        except ValueError as error:
            raise Unavailable(
                f"Kubernetes API {self.server} sent a body that is not JSON: {error}"
            ) from error
        if not isinstance(document, dict):
            raise Unavailable(
                f"Kubernetes API {self.server} sent {type(document).__name__}, not an object"
            )
        return document

    def _unreachable(self, error: BaseException) -> Unavailable:
        reason = str(error) or type(error).__name__
        if isinstance(error, TimeoutError):
            reason = "timed out"
        return Unavailable(f"Kubernetes API {self.server} is unreachable: {reason}")
