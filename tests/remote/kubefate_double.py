"""A test double of the Go KubeFATE service (REST API v1), quirks included.

Real HTTP on 127.0.0.1:<free port> (uvicorn in a thread, so blocking callers work too), serving
what docs/kubefate-behaviour.md §1 says the Go service really does, not what its swagger claims:

* routes registered exactly as gin has them (§1.4), with gin's trailing-slash redirects
  (301 for GET, 307 otherwise) and a plain-text `404 page not found` for anything else;
* gin-jwt: HS256 tokens with a random key per process (`restart()` rotates it, so every token
  dies), `{"code","message"}` failures, `cookie token is empty` when no token is given;
* 500 `{"error":"record not found"}` for unknown ids, `null` for empty lists, capitalised keys
  (ID, CreatedAt, SubJob and Namespace keys), Go zero times, nanosecond times with offsets;
* the user handlers' double JSON bodies, and `password`/`salt` leaked in user lists;
* the log WebSocket route, which needs an Origin header and sends empty frames between lines.

Faults for the client's error paths: `stop()`/`start()` on the same port, `fault("html")` (an
nginx 404 page), `"garbage"`, `"hang"` (never answers), `"empty500"` (a gin panic), `"proxy502"`.
Every request is recorded in `requests` (method, path, query, headers, body) for assertions.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import io
import json
import logging
import secrets
import socket
import string
import subprocess
import tarfile
import threading
import time
import traceback
import uuid as uuid_module
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import uvicorn
import yaml
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

with warnings.catch_warnings():
    # uvicorn's websockets implementation that can refuse a handshake with an HTTP answer
    # (needed for gin-jwt's 401 on the log route) uses websockets' legacy module.
    warnings.simplefilter("ignore")  # its module warns about itself when imported
    from uvicorn.protocols.websockets.websockets_impl import WebSocketProtocol


class _QuietWebSocketProtocol(WebSocketProtocol):
    """uvicorn's websockets protocol, minus the legacy module's warning on every connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            super().__init__(*args, **kwargs)


GO_ZERO_TIME = "0001-01-01T00:00:00Z"
SERVICE_ZONE = timezone(timedelta(hours=8))  # the local zone of the examples in §2.10
KEY_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
VERSION = "v1.4.5"

NGINX_404 = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
    "</html>\r\n"
)
NGINX_502 = NGINX_404.replace("404 Not Found", "502 Bad Gateway")
GARBAGE = b"\x00\x01\x02garbage\xff\xfe not json at all"


def go_time(value: datetime | None) -> str:
    """A Go time.Time in JSON: RFC 3339, nanoseconds trimmed, the service's offset."""
    if value is None:
        return GO_ZERO_TIME
    local = value.astimezone(SERVICE_ZONE)
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    nanos = f"{local.microsecond:06d}123"  # Go keeps nanoseconds; Python has micro
    text += "." + nanos.rstrip("0")
    return text + "+08:00"


def go_time_seconds(value: datetime) -> str:
    return value.astimezone(SERVICE_ZONE).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def gin_json(status: int, *bodies: Any) -> Response:
    """`c.JSON`: Go's compact encoding; several bodies are written back to back (the bug)."""
    text = "".join(json.dumps(body, separators=(",", ":"), sort_keys=True) for body in bodies)
    return Response(text, status, media_type="application/json; charset=utf-8")


def gorm(row_id: int, created: datetime, deleted: datetime | None = None) -> dict[str, Any]:
    return {
        "ID": row_id,
        "CreatedAt": go_time(created),
        "UpdatedAt": go_time(created),
        "DeletedAt": None if deleted is None else go_time(deleted),
    }


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""
    websocket: bool = False
    raw_path: str = ""  # as sent, percent-escapes kept

    @property
    def params(self) -> dict[str, str]:
        return {key: values[-1] for key, values in parse_qs(self.query).items()}

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def target(self) -> str:
        """`GET /v1/job/` or `PUT /v1/job/x?jobStatus=stop`."""
        return f"{self.method} {self.path}" + (f"?{self.query}" if self.query else "")


@dataclass
class Fault:
    kind: str  # html, garbage, hang, empty500, proxy502
    path_prefix: str = ""


@dataclass
class LogStream:
    """What the WebSocket route sends: these lines, with empty frames between them."""

    lines: list[str] = field(default_factory=lambda: ["line one", "line two", "line three"])
    empty_frames_between: int = 5
    interval: float = 0.002  # between frames


class _QuickServer(uvicorn.Server):
    """uvicorn without its 0.1 s polling, and closing open connections at shutdown."""

    exit_event: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self.exit_event = asyncio.Event()
        while not self.should_exit:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.exit_event.wait(), 1.0)
            await self.on_tick(0)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 1
        while self.server_state.tasks and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in self.server_state.tasks:
            task.cancel()
        for server in self.servers:
            with contextlib.suppress(Exception):
                await server.wait_closed()

    def request_exit(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.should_exit = True
        self.force_exit = True
        event = self.exit_event
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)


Handler = Callable[[Request, dict[str, str]], Awaitable[Response]]


class KubefateDouble:
    """The Go KubeFATE service, in memory. Start it, point a client at `.url`, inspect it."""

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "admin",
        token_lifetime: timedelta = timedelta(minutes=30),
        empty_lists_as_null: bool = True,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        self.tls = tls  # (certificate, key): serve https and wss
        self.token_lifetime = token_lifetime
        self.empty_lists_as_null = empty_lists_as_null
        self.lock = threading.RLock()
        self.requests: list[RecordedRequest] = []
        self.internal_errors: list[str] = []
        self.logins = 0
        self.rejected_tokens = 0  # 401s from the JWT middleware
        self.faults: list[Fault] = []
        self.namespaces_forbidden = False
        self.log_stream = LogStream()
        self.websockets_open = 0
        self.websockets_closed = 0
        self._key = self._new_key()
        self._next_id = 1
        self.users: dict[str, dict[str, Any]] = {}
        self.passwords: dict[str, str] = {}  # username -> password (the double keeps it plain)
        self.clusters: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.charts: dict[str, dict[str, Any]] = {}
        self.add_user(username, password)
        self.port = 0
        self._stopping = False
        self._sock: socket.socket | None = None
        self._server: _QuickServer | None = None
        self._thread: threading.Thread | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._routes = self._route_table()

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def serviceurl(self) -> str:
        """What a `kubefate` CLI config.yaml would say: host:port, no scheme."""
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> KubefateDouble:
        """Serve (again) on the same port as before, or on a free one the first time."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        self._stopping = False
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
        config = uvicorn.Config(
            self.asgi,
            log_level="critical",
            access_log=False,
            lifespan="off",
            interface="asgi3",  # a bound method does not look like ASGI 3 to uvicorn
            ws=_QuietWebSocketProtocol,
            ws_ping_interval=None,
            timeout_graceful_shutdown=1,
            ssl_certfile=str(self.tls[0]) if self.tls else None,
            ssl_keyfile=str(self.tls[1]) if self.tls else None,
        )
        server = _QuickServer(config)
        self._server = server
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            ready.set()
            try:
                loop.run_until_complete(server.serve(sockets=[sock]))
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="kubefate-double", daemon=True)
        self._thread.start()
        ready.wait(5)
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the KubeFATE double did not start within 10 s")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving: the port refuses connections until `start()`."""
        self._stopping = True
        if self._server is not None:
            self._server.request_exit(self.loop)
        if self._thread is not None:
            self._thread.join(10)
        self._thread = None
        self._server = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def restart(self) -> None:
        """What a restart of the Go service does to clients: a new token key (every token dies)."""
        self.stop()
        self.rotate_key()
        self.start()

    def rotate_key(self) -> None:
        with self.lock:
            self._key = self._new_key()

    @staticmethod
    def _new_key() -> str:
        return "".join(secrets.choice(KEY_ALPHABET) for _ in range(32))

    # --- faults ----------------------------------------------------------------------------
    def fault(self, kind: str, path_prefix: str = "") -> None:
        with self.lock:
            self.faults.append(Fault(kind, path_prefix))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def _fault_for(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if path.startswith(fault.path_prefix):
                    return fault
        return None

    # --- data ------------------------------------------------------------------------------
    def _row_id(self) -> int:
        with self.lock:
            row_id = self._next_id
            self._next_id += 1
            return row_id

    def add_user(self, username: str, password: str, email: str = "") -> dict[str, Any]:
        with self.lock:
            user = {
                "uuid": str(uuid_module.uuid4()),
                "username": username,
                "password": secrets.token_hex(256),  # the 512-hex-char PBKDF2 hash
                "salt": "".join(secrets.choice(KEY_ALPHABET) for _ in range(128)),
                "email": email,
                "userStatus": "Deprecate",
                **gorm(self._row_id(), datetime.now(UTC)),
            }
            if not email:
                del user["email"]  # omitempty
            self.users[user["uuid"]] = user
            self.passwords[username] = password
            return user

    def add_cluster(
        self,
        name: str = "fate-9999",
        namespace: str = "fate-9999",
        *,
        status: str = "Running",
        chart_name: str = "fate",
        chart_version: str = "v2.0.0",
        revision: int = 1,
        deleted: bool = False,
    ) -> dict[str, Any]:
        values = json.dumps({"chartName": chart_name, "chartVersion": chart_version, "name": name})
        now = datetime.now(UTC)
        with self.lock:
            cluster: dict[str, Any] = {
                "uuid": str(uuid_module.uuid4()),
                "name": name,
                "namespaces": namespace,
                "chart_name": chart_name,
                "chart_version": chart_version,
                "values": values,
                "Spec": json.loads(values),
                "revision": revision,
                "helm_revision": 0,
                "chart_values": None,
                "status": "Deleted" if deleted else status,
                **gorm(self._row_id(), now, now if deleted else None),
            }
            self.clusters[cluster["uuid"]] = cluster
            return cluster

    def add_job(
        self,
        *,
        method: str = "ClusterInstall",
        status: str = "Running",
        cluster_id: str = "",
        creator: str = "admin",
        states: list[str] | None = None,
        sub_jobs: dict[str, dict[str, Any]] | None = None,
        meta_data: dict[str, Any] | None = None,
        finished: bool = False,
    ) -> dict[str, Any]:
        now = datetime.now(UTC)
        with self.lock:
            job: dict[str, Any] = {
                "uuid": str(uuid_module.uuid4()),
                "start_time": go_time(now),
                "end_time": go_time(now) if finished else GO_ZERO_TIME,
                "method": method,
                "cluster_id": cluster_id,
                "creator": creator,
                "sub_jobs": sub_jobs,
                "status": status,
                "time_limit": 3600000000000,
                "meta_data": meta_data,
                "states": states,
                **gorm(self._row_id(), now),
            }
            self.jobs[job["uuid"]] = job
            return job

    @staticmethod
    def sub_job(module: str, modules_status: str = "Progressing") -> dict[str, Any]:
        available = modules_status == "Available"
        now = datetime.now(UTC)
        return {
            "ModuleName": module,
            "Status": "Success" if available else "Running",
            "ModulesStatus": modules_status,
            "StartTime": go_time(now),
            "EndTime": go_time(now) if available else GO_ZERO_TIME,
        }

    def update_job(self, uuid: str, **changes: Any) -> None:
        """Change a job as the service's worker would (status, states, sub_jobs, end_time)."""
        with self.lock:
            job = self.jobs[uuid]
            for key, value in changes.items():
                job[key] = go_time(value) if isinstance(value, datetime) else value
            job["UpdatedAt"] = go_time(datetime.now(UTC))

    def update_cluster(self, uuid: str, **changes: Any) -> None:
        with self.lock:
            self.clusters[uuid].update(changes)
            self.clusters[uuid]["UpdatedAt"] = go_time(datetime.now(UTC))

    def remove_job(self, uuid: str) -> None:
        with self.lock:
            self.jobs[uuid]["DeletedAt"] = go_time(datetime.now(UTC))

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def clear_requests(self) -> None:
        with self.lock:
            self.requests.clear()

    # --- auth (gin-jwt) --------------------------------------------------------------------
    def issue_token(self, username: str, lifetime: timedelta | None = None) -> tuple[str, datetime]:
        issued = datetime.now(UTC).replace(microsecond=0)
        expires = issued + (lifetime or self.token_lifetime)
        claims = {
            "id": username,
            "exp": int(expires.timestamp()),
            "orig_iat": int(issued.timestamp()),
        }
        with self.lock:
            key = self._key
        return jwt.encode(claims, key, algorithm="HS256"), expires

    def _token_of(
        self, headers: dict[str, str], query: dict[str, str], cookies: dict[str, str]
    ) -> str:
        header = headers.get("authorization", "")
        parts = header.split(" ", 1)
        if len(parts) == 2 and parts[0] == "Bearer" and parts[1]:
            return parts[1]
        if query.get("token"):
            return query["token"]
        return cookies.get("jwt", "")

    def _identity(
        self, headers: dict[str, str], query: dict[str, str], cookies: dict[str, str]
    ) -> tuple[str | None, Response | None]:
        token = self._token_of(headers, query, cookies)
        if not token:
            return None, self._unauthorized(401, "cookie token is empty")
        with self.lock:
            key = self._key
        try:
            claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.ExpiredSignatureError:
            return None, self._unauthorized(401, "Token is expired")
        except jwt.InvalidSignatureError:
            return None, self._unauthorized(401, "signature is invalid")
        except jwt.InvalidTokenError:
            return None, self._unauthorized(401, "token contains an invalid number of segments")
        username = claims.get("id")
        if not isinstance(username, str) or not username:
            return None, self._unauthorized(
                403, "you don't have permission to access this resource"
            )
        return username, None

    def _unauthorized(self, status: int, message: str) -> Response:
        with self.lock:
            self.rejected_tokens += 1
        response = gin_json(status, {"code": status, "message": message})
        response.headers["WWW-Authenticate"] = "JWT realm=gin jwt"
        return response

    # --- routing (gin) ---------------------------------------------------------------------
    def _route_table(self) -> list[tuple[str, list[str], Handler, bool]]:
        """(method, path segments, handler, needs auth) exactly as §1.4 registers them."""
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/", self._root, False),
            ("GET", "/v1/", self._v1_root, False),
            ("POST", "/v1/user/login", self._login, False),
            ("POST", "/v1/user/logout", self._logout, False),
            ("POST", "/v1/user", self._create_user, True),
            ("GET", "/v1/user/", self._list_users, True),
            ("GET", "/v1/user/:userId", self._get_user, True),
            ("PUT", "/v1/user/:userId", self._set_user, True),
            ("DELETE", "/v1/user/:userId", self._delete_user, True),
            ("POST", "/v1/cluster", self._install, True),
            ("PUT", "/v1/cluster", self._update, True),
            ("GET", "/v1/cluster/", self._list_clusters, True),
            ("GET", "/v1/cluster/:clusterId", self._get_cluster, True),
            ("DELETE", "/v1/cluster/:clusterId", self._delete_cluster, True),
            ("GET", "/v1/job/", self._list_jobs, True),
            ("GET", "/v1/job/:jobId", self._get_job, True),
            ("PUT", "/v1/job/:jobId", self._stop_job, True),
            ("DELETE", "/v1/job/:jobId", self._delete_job, True),
            ("POST", "/v1/chart", self._upload_chart, True),
            ("GET", "/v1/chart/", self._list_charts, True),
            ("GET", "/v1/chart/valueTemplateExample/:chartName/:chartVersion", self._example, True),
            ("GET", "/v1/chart/:chartId", self._get_chart, True),
            ("DELETE", "/v1/chart/:chartId", self._delete_chart, True),
            ("GET", "/v1/version/", self._version, True),
            ("GET", "/v1/namespace/", self._namespaces, True),
            ("GET", "/v1/log/:clusterID", self._logs, True),
        ]
        return [(method, path.split("/"), handler, auth) for method, path, handler, auth in table]

    def _match(self, method: str, path: str) -> tuple[Handler, dict[str, str], bool] | None:
        segments = path.split("/")
        for route_method, pattern, handler, auth in self._routes:
            if route_method != method or len(pattern) != len(segments):
                continue
            params: dict[str, str] = {}
            for expected, actual in zip(pattern, segments, strict=True):
                if expected.startswith(":"):
                    if not actual:
                        break
                    params[expected[1:]] = actual
                elif expected != actual:
                    break
            else:
                return handler, params, auth
        return None

    async def asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(WebSocket(scope, receive, send))
            return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        body = await request.body()
        headers = {key.lower(): value for key, value in request.headers.items()}
        path = request.url.path
        raw_path = scope.get("raw_path", b"").decode("latin-1") or path
        record = RecordedRequest(
            request.method, path, request.url.query, headers, body, raw_path=raw_path
        )
        with self.lock:
            self.requests.append(record)
        try:
            response = await self._answer(request, path)
        except Exception:
            # A bug in the double, never a legitimate answer: the fixture fails the test.
            self.internal_errors.append(traceback.format_exc())
            response = Response(b"", 500)  # what gin's Recovery answers
        await response(scope, receive, send)

    async def _answer(self, request: Request, path: str) -> Response:
        fault = self._fault_for(path)
        if fault is not None:
            return await self._faulty(fault)
        match = self._match(request.method, path)
        if match is None:
            alternative = path[:-1] if path.endswith("/") and len(path) > 1 else path + "/"
            if self._match(request.method, alternative) is not None:
                # gin's RedirectTrailingSlash: 301 for GET, 307 for any other method.
                status = 301 if request.method == "GET" else 307
                location = alternative + (f"?{request.url.query}" if request.url.query else "")
                return Response(
                    f'<a href="{location}">Moved</a>.\n',
                    status,
                    headers={"Location": location},
                    media_type="text/html; charset=utf-8",
                )
            return Response("404 page not found", 404, media_type="text/plain")
        handler, params, needs_auth = match
        if needs_auth:
            query = dict(request.query_params)
            username, refusal = self._identity(
                {k.lower(): v for k, v in request.headers.items()}, query, dict(request.cookies)
            )
            if refusal is not None:
                return refusal
            params["__user"] = username or ""
        return await handler(request, params)

    async def _faulty(self, fault: Fault) -> Response:
        if fault.kind == "html":
            return Response(NGINX_404, 404, media_type="text/html")
        if fault.kind == "proxy502":
            return Response(NGINX_502, 502, media_type="text/html")
        if fault.kind == "garbage":
            return Response(GARBAGE, 200, media_type="application/octet-stream")
        if fault.kind == "empty500":
            return Response(b"", 500)
        if fault.kind == "hang":
            # Never answer while the fault is set and the double runs; then a bare 500.
            while fault in self.faults and not self._stopping:
                await asyncio.sleep(0.02)
            return Response(b"", 500)
        raise AssertionError(f"unknown fault {fault.kind}")

    def _list(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        return None if (not rows and self.empty_lists_as_null) else rows

    # --- handlers --------------------------------------------------------------------------
    async def _root(self, request: Request, params: dict[str, str]) -> Response:
        return gin_json(200, {"msg": "kubefate run Success"})

    async def _v1_root(self, request: Request, params: dict[str, str]) -> Response:
        return gin_json(400, {"error": "error path"})

    async def _login(self, request: Request, params: dict[str, str]) -> Response:
        try:
            body = json.loads(await request.body())
            lowered = {str(k).lower(): v for k, v in body.items()}
            username, password = lowered["username"], lowered["password"]
            if not isinstance(username, str) or not isinstance(password, str):
                raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            return self._unauthorized(401, "missing Username or Password")
        with self.lock:
            known = self.passwords.get(username)
        if known is None or known != password:
            return self._unauthorized(401, "incorrect Username or Password")
        token, expires = self.issue_token(username)
        with self.lock:
            self.logins += 1
        return gin_json(200, {"code": 200, "expire": go_time_seconds(expires), "token": token})

    async def _logout(self, request: Request, params: dict[str, str]) -> Response:
        return gin_json(200, {"code": 200})

    async def _create_user(self, request: Request, params: dict[str, str]) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError as error:
            return gin_json(400, {"error": str(error)})
        username = str(body.get("username", ""))
        with self.lock:
            exists = username in self.passwords
        if exists:
            draft = {"username": username, "userStatus": "Deprecate"}
            # The bug: the error, then the success body as well (§1.3).
            return gin_json(
                500, {"error": "User is existed."}, {"data": draft, "msg": "createCluster Success"}
            )
        user = self.add_user(username, str(body.get("password", "")), str(body.get("email", "")))
        return gin_json(200, {"data": user, "msg": "createCluster Success"})

    async def _list_users(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            users = [dict(user) for user in self.users.values()]  # password and salt leak
        return gin_json(200, {"data": users, "msg": "getUserList Success"})

    async def _get_user(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            user = self.users.get(params["userId"])
        if user is None:
            return gin_json(
                500, {"error": "record not found"}, {"data": {}, "msg": "getUser Success"}
            )
        shown = {key: value for key, value in user.items() if key != "password"}
        return gin_json(200, {"data": shown, "msg": "getUser Success"})

    async def _set_user(self, request: Request, params: dict[str, str]) -> Response:
        return gin_json(500, {"error": "record not found"}, {"msg": "setUser Success"})

    async def _delete_user(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            user = self.users.pop(params["userId"], None)
            if user is not None:
                self.passwords.pop(user["username"], None)
        if user is None:
            return gin_json(500, {"error": "record not found"}, {"msg": "deleteUser Success"})
        return gin_json(200, {"msg": "deleteUser Success"})

    async def _bind_args(self, request: Request) -> dict[str, Any] | Response:
        raw = await request.body()
        if not raw:
            return gin_json(400, {"error": "EOF"})
        try:
            body = json.loads(raw)
        except ValueError as error:
            return gin_json(400, {"error": str(error)})
        data = body.get("data") or ""
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            bad = next((i for i, c in enumerate(data) if c not in _BASE64), len(data))
            return gin_json(400, {"error": f"illegal base64 data at input byte {bad}"})
        return {
            "name": body.get("name", ""),
            "namespace": body.get("namespace", ""),
            "chart_name": body.get("chart_name", ""),
            "chart_version": body.get("chart_version", ""),
            "cover": bool(body.get("cover", False)),
            "data": data,
            "Keep_upgrade_job": bool(body.get("Keep_upgrade_job", False)),
        }

    def _live_cluster(self, name: str, namespace: str) -> dict[str, Any] | None:
        with self.lock:
            for cluster in self.clusters.values():
                alive = cluster["DeletedAt"] is None
                if alive and cluster["name"] == name and cluster["namespaces"] == namespace:
                    return cluster
        return None

    async def _install(self, request: Request, params: dict[str, str]) -> Response:
        args = await self._bind_args(request)
        if isinstance(args, Response):
            return args
        if not args["chart_version"] or not args["chart_name"]:
            return gin_json(500, {"error": "chartVersion cannot be empty"})
        if self._live_cluster(args["name"], args["namespace"]) is not None:
            message = f"name={args['name']} & namespace={args['namespace']} Cluster already existed"
            return gin_json(500, {"error": message})
        job = self.add_job(
            method="ClusterInstall", status="Pending", creator=params["__user"], meta_data=args
        )
        return gin_json(200, {"data": job, "msg": "createCluster Success"})

    async def _update(self, request: Request, params: dict[str, str]) -> Response:
        args = await self._bind_args(request)
        if isinstance(args, Response):
            return args
        cluster = self._live_cluster(args["name"], args["namespace"])
        if cluster is None:
            return gin_json(500, {"error": f"name={args['name']} Cluster is not existed"})
        job = self.add_job(
            method="ClusterUpdate",
            status="Pending",
            cluster_id=cluster["uuid"],
            creator=params["__user"],
            meta_data=args,
        )
        return gin_json(200, {"data": job, "msg": "setCluster Success"})

    async def _list_clusters(self, request: Request, params: dict[str, str]) -> Response:
        everything = request.query_params.get("all") == "true"
        with self.lock:
            rows = [dict(c) for c in self.clusters.values() if everything or c["DeletedAt"] is None]
        return gin_json(200, {"data": self._list(rows), "msg": "getClusterList Success"})

    async def _get_cluster(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            cluster = self.clusters.get(params["clusterId"])
            shown = None if cluster is None or cluster["DeletedAt"] else dict(cluster)
        if shown is None:
            return gin_json(500, {"error": "record not found"})
        shown["Info"] = {
            "ip": "192.168.0.7",
            "status": {
                "containers": {"python": "Running"},
                "deployments": {"python": "Available"},
                "statefulSets": {},
            },
            "dashboard": None,
        }
        return gin_json(200, {"data": shown, "msg": "getCluster Success"})

    async def _delete_cluster(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            cluster = self.clusters.get(params["clusterId"])
            if cluster is None or cluster["DeletedAt"] is not None:
                return gin_json(500, {"error": "record not found"})
            cluster["status"] = "Deleting"
        job = self.add_job(
            method="ClusterDelete",
            status="Pending",
            cluster_id=params["clusterId"],
            creator=params["__user"],
        )
        return gin_json(200, {"data": job, "msg": "deleteCluster Success"})

    async def _list_jobs(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            rows = [dict(j) for j in self.jobs.values() if j["DeletedAt"] is None]
        return gin_json(200, {"data": self._list(rows), "msg": "getJobList Success"})

    def _live_job(self, uuid: str) -> dict[str, Any] | None:
        with self.lock:
            job = self.jobs.get(uuid)
            return None if job is None or job["DeletedAt"] is not None else job

    async def _get_job(self, request: Request, params: dict[str, str]) -> Response:
        job = self._live_job(params["jobId"])
        if job is None:
            return gin_json(500, {"error": "record not found"})
        return gin_json(200, {"data": job, "msg": "getJob Success"})

    async def _stop_job(self, request: Request, params: dict[str, str]) -> Response:
        if request.query_params.get("jobStatus") != "stop":
            return gin_json(400, {"error": "jobStatus error"})
        job = self._live_job(params["jobId"])
        if job is None:
            return gin_json(
                500, {"error": "get job by jobID error, please check job ID, record not found"}
            )
        if job["method"] != "ClusterInstall":
            return gin_json(500, {"error": f"{job['method']} type jobs do not support stop"})
        if job["status"] != "Running":
            return gin_json(500, {"error": f"job status is {job['status']}, not support stop"})
        self.update_job(job["uuid"], status="Stopping")
        return gin_json(200, {"data": "Stop Job Success", "msg": "stop Job Success"})

    async def _delete_job(self, request: Request, params: dict[str, str]) -> Response:
        if self._live_job(params["jobId"]) is None:
            return gin_json(500, {"error": "record not found"})
        self.remove_job(params["jobId"])
        return gin_json(200, {"msg": "delete Job Success"})

    async def _upload_chart(self, request: Request, params: dict[str, str]) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return gin_json(500, {"error": "request Content-Type isn't multipart/form-data"})
        archive = _multipart_file(request.headers["content-type"], await request.body(), "file")
        if archive is None:
            return gin_json(500, {"error": "http: no such file"})
        try:
            chart = _read_chart(archive)
        except (tarfile.TarError, OSError, KeyError, ValueError, yaml.YAMLError) as error:
            return gin_json(500, {"error": f"chart illegal, {error}"})
        with self.lock:
            for old in self.charts.values():
                if (old["name"], old["version"]) == (chart["name"], chart["version"]):
                    old["DeletedAt"] = go_time(datetime.now(UTC))
            chart.update(uuid=str(uuid_module.uuid4()), **gorm(self._row_id(), datetime.now(UTC)))
            self.charts[chart["uuid"]] = chart
        return gin_json(200, {"data": {"helmUUID": chart["uuid"]}, "msg": "CreateChart Success"})

    async def _list_charts(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            rows = [dict(c) for c in self.charts.values() if c["DeletedAt"] is None]
        return gin_json(200, {"data": self._list(rows), "msg": "getChartList Success"})

    async def _get_chart(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            chart = self.charts.get(params["chartId"])
        if chart is None or chart["DeletedAt"] is not None:
            return gin_json(500, {"error": "record not found"})
        return gin_json(200, {"data": chart, "msg": "getChart Success"})

    async def _delete_chart(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            chart = self.charts.get(params["chartId"])
            if chart is not None:
                chart["DeletedAt"] = go_time(datetime.now(UTC))
        return gin_json(200, {"msg": "deleteChart Success"})  # even if nothing matched

    async def _example(self, request: Request, params: dict[str, str]) -> Response:
        with self.lock:
            for chart in self.charts.values():
                same = (chart["name"], chart["version"]) == (
                    params["chartName"],
                    params["chartVersion"],
                )
                if same and chart["DeletedAt"] is None:
                    return gin_json(
                        200,
                        {
                            "data": chart["values_template_example"],
                            "msg": "getChartByNameVersion Success",
                        },
                    )
        return gin_json(500, {"error": "record not found"})

    async def _version(self, request: Request, params: dict[str, str]) -> Response:
        return gin_json(200, {"msg": "getVersion Success", "version": VERSION})

    async def _namespaces(self, request: Request, params: dict[str, str]) -> Response:
        if self.namespaces_forbidden:
            return gin_json(
                500,
                {
                    "error": "Get namespaces failed. Please check if user has the privilege to "
                    'list resource "namespaces" at the cluster scope: namespaces is forbidden'
                },
            )
        rows = [
            {
                "Annotations": None,
                "Age": "3d4h",
                "Labels": {"kubernetes.io/metadata.name": "fate-9999"},
                "Name": "fate-9999",
                "Status": "Active",
            },
            {
                "Annotations": None,
                "Age": "45s",
                "Labels": None,
                "Name": "default",
                "Status": "Active",
            },
        ]
        return gin_json(200, {"data": rows, "msg": "getNamespaceList Success"})

    def _cluster_for_logs(self, uuid: str) -> dict[str, Any] | None:
        with self.lock:
            cluster = self.clusters.get(uuid)
            return None if cluster is None or cluster["DeletedAt"] is not None else cluster

    async def _logs(self, request: Request, params: dict[str, str]) -> Response:
        if self._cluster_for_logs(params["clusterID"]) is None:
            return gin_json(400, {"error": "get Cluster error, record not found"})
        text = "".join(f"{line}\n" for line in self.log_stream.lines)
        return gin_json(200, {"data": text, "msg": "getClusterLog Success"})

    async def _websocket(self, websocket: WebSocket) -> None:
        path = websocket.url.path
        headers = {key.lower(): value for key, value in websocket.headers.items()}
        record = RecordedRequest("GET", path, websocket.url.query, headers, websocket=True)
        with self.lock:
            self.requests.append(record)
        segments = path.split("/")
        if len(segments) != 5 or segments[:3] != ["", "v1", "log"] or segments[4] != "ws":
            await websocket.send_denial_response(
                Response("404 page not found", 404, media_type="text/plain")
            )
            return
        _, refusal = self._identity(headers, dict(websocket.query_params), dict(websocket.cookies))
        if refusal is not None:
            await websocket.send_denial_response(refusal)
            return
        if self._cluster_for_logs(segments[3]) is None:
            await websocket.send_denial_response(
                gin_json(400, {"error": "get Cluster error, record not found"})
            )
            return
        if "origin" not in headers:
            # golang.org/x/net/websocket refuses a handshake without a parseable Origin.
            await websocket.send_denial_response(Response("", 403))
            return
        await websocket.accept()
        with self.lock:
            self.websockets_open += 1
        stream = self.log_stream
        try:
            for line in stream.lines:
                for _ in range(stream.empty_frames_between):
                    await websocket.send_text("")
                    await asyncio.sleep(stream.interval)
                await websocket.send_text(line)
            while True:  # the Go handler's busy loop, slowed down a little
                await websocket.send_text("")
                await asyncio.sleep(stream.interval)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        except asyncio.CancelledError:
            raise
        finally:
            with self.lock:
                self.websockets_closed += 1


def _multipart_file(content_type: str, body: bytes, name: str) -> bytes | None:
    """The content of form field `name` in a multipart/form-data body (a minimal reader)."""
    marker = "boundary="
    if marker not in content_type:
        return None
    boundary = content_type.split(marker, 1)[1].split(";")[0].strip().strip('"').encode()
    for part in body.split(b"--" + boundary):
        head, separator, content = part.partition(b"\r\n\r\n")
        if not separator:
            continue
        disposition = head.decode("latin-1").lower()
        if f'name="{name}"' in disposition:
            return content.removesuffix(b"\r\n")
    return None


_BASE64 = set(string.ascii_letters + string.digits + "+/=")


def _read_chart(archive: bytes) -> dict[str, Any]:
    """The pieces KubeFATE keeps of an uploaded chart (§2.7)."""
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                extracted = tar.extractfile(member)
                if extracted is not None:
                    relative = member.name.split("/", 1)[1] if "/" in member.name else member.name
                    files[relative] = extracted.read()
    meta = yaml.safe_load(files["Chart.yaml"])
    return {
        "name": str(meta["name"]),
        "version": str(meta["version"]),
        "app_version": str(meta.get("appVersion", "")),
        "chart": files["Chart.yaml"].decode(),
        "values": files.get("values.yaml", b"").decode(),
        "values_template": files.get("values-template.yaml", b"").decode(),
        "values_template_example": files.get("values-template-example.yaml", b"").decode(),
        "templates": [
            {"data": base64.b64encode(data).decode(), "name": name}
            for name, data in sorted(files.items())
            if name.startswith("templates/")
        ],
    }


def make_chart_archive(
    name: str = "mychart", version: str = "v1.0.0", app_version: str = "v1.0.0"
) -> bytes:
    """A small `helm package`-style .tgz."""
    files = {
        "Chart.yaml": (
            f"apiVersion: v1\nname: {name}\nversion: {version}\nappVersion: {app_version}\n"
        ),
        "values.yaml": "replicas: 1\n",
        "values-template.yaml": "replicas: {{ .replicas }}\n",
        "values-template-example.yaml": (
            f"name: example\nchartName: {name}\nchartVersion: {version}\n"
        ),
        "templates/deployment.yaml": "kind: Deployment\n",
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for relative, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}/{relative}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and its key), made with the openssl CLI."""
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key
