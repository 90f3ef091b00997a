"""The HTTP face of the emulator: a Starlette app speaking the Kubernetes REST API.

Paths are parsed by hand (one catch-all route) because the API's URL grammar is easier to read as
code than as a route table: `/api/v1/namespaces/<ns>/<plural>/<name>/<subresource>` and the same
under `/apis/<group>/<version>`, with cluster-scoped resources lacking the namespace part.
"""

from __future__ import annotations

import asyncio
import json
import re
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from tests.kube_emulator import resources as res
from tests.kube_emulator.field_validation import model_for, unknown_fields
from tests.kube_emulator.protobuf import ProtobufError, decode_protobuf
from tests.kube_emulator.selectors import (
    Predicate,
    SelectorError,
    field_selector,
    label_selector,
)
from tests.kube_emulator.store import ApiError, Drop, LogLine, Obj, WatchEvent, expired

if TYPE_CHECKING:
    from tests.kube_emulator.server import KubeEmulator

METHOD_VERBS = {"POST": "create", "PUT": "update", "PATCH": "patch"}


class AbruptDrop(Exception):
    """Raised inside a stream to cut the TCP connection without a clean end of the body."""


@dataclass
class Target:
    """What a request path names."""

    resource: res.ResourceType
    namespace: str | None  # None: all namespaces (or a cluster-scoped resource)
    name: str | None
    subresource: str = ""

    @property
    def scope_namespace(self) -> str:
        return self.namespace or ""


@dataclass
class RequestRecord:
    method: str
    path: str
    query: str
    content_type: str
    user: str
    verb: str
    accept: str = ""


@dataclass
class LiveStream(Response):
    """A streaming body that stops as soon as the client goes away.

    Starlette's StreamingResponse only notices a disconnect when it next writes (ASGI spec 2.4
    servers); a watch with no events would then keep its server task until timeoutSeconds.
    """

    body_iterator: AsyncIterator[bytes]
    media_type: str = "application/json"
    status_code: int = 200
    extra_headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.background = None
        self.init_headers({"transfer-encoding": "chunked"} | self.extra_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:

            async def watch_disconnect() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                group.cancel_scope.cancel()

            group.start_soon(watch_disconnect)
            await send(
                {
                    "type": "http.response.start",
                    "status": self.status_code,
                    "headers": self.raw_headers,
                }
            )
            async for chunk in self.body_iterator:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            group.cancel_scope.cancel()


def parse_path(path: str) -> Target | dict[str, Any] | None:
    """A Target for resource paths, a document for discovery paths, None for unknown paths."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["api"]:
        if len(parts) == 1:
            return {"__api__": True}
        group, version, rest = "", parts[1], parts[2:]
    elif parts[:1] == ["apis"]:
        if len(parts) == 1:
            return res.api_group_list()
        if len(parts) == 2:
            return res.api_group(parts[1])
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    if not rest:
        return res.resource_list(group, version)
    namespace = None
    if rest[0] == "namespaces" and len(rest) >= 3:
        inner = res.BY_PATH.get((group, version, rest[2]))
        if inner is not None and inner.namespaced:
            namespace, rest = rest[1], rest[2:]
    resource = res.BY_PATH.get((group, version, rest[0]))
    if resource is None or len(rest) > 3:
        return None
    if resource.namespaced is False and namespace is not None:
        return None
    name = rest[1] if len(rest) > 1 else None
    sub = rest[2] if len(rest) > 2 else ""
    if sub and sub not in resource.subresources:
        return None
    return Target(resource, namespace, name, sub)


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def _status_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.status(), status_code=error.code)


def verb_for(method: str, target: Target, watch: bool) -> str:
    if method == "GET":
        if watch:
            return "watch"
        return "get" if target.name else "list"
    if method == "DELETE":
        return "delete" if target.name else "deletecollection"
    return METHOD_VERBS.get(method, method.lower())


class EmulatorApp:
    """Request handling; the state is the emulator's store, faults and controller."""

    def __init__(self, emulator: KubeEmulator) -> None:
        self.emu = emulator
        self.store = emulator.store
        methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        self.app = Starlette(routes=[Route("/{path:path}", self.handle, methods=methods)])

    async def handle(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except ApiError as error:
            return _status_response(error)
        except AbruptDrop:
            raise
        except Exception as error:  # an emulator bug: say so loudly, in the response and log
            text = "".join(traceback.format_exception(error))
            self.emu.internal_errors.append(text)
            return _status_response(ApiError(500, "InternalError", f"emulator bug: {text}"))

    async def _handle(self, request: Request) -> Response:
        path = request.url.path
        user = self.emu.user_for(request.headers.get("authorization", ""))
        if path.rstrip("/") in ("/version", "/healthz", "/readyz", "/livez") or path.startswith(
            "/openapi"
        ):
            self._record(request, user, "get")
            return self._non_resource(path)
        parsed = parse_path(path)
        if parsed is None:
            self._record(request, user, "get")
            raise ApiError(404, "NotFound", "the server could not find the requested resource")
        if isinstance(parsed, dict):
            self._record(request, user, "get")
            if parsed.get("__api__"):
                host = request.url.netloc
                return JSONResponse(res.api_versions(host))
            return JSONResponse(parsed)
        watch = _flag(request.query_params.get("watch"))
        verb = verb_for(request.method, parsed, watch)
        self._record(request, user, verb)
        self.emu.faults.check(verb, parsed, user)
        return await self._resource(request, parsed, verb)

    def _record(self, request: Request, user: str, verb: str) -> None:
        self.emu.requests.append(
            RequestRecord(
                request.method,
                request.url.path,
                request.url.query,
                request.headers.get("content-type", ""),
                user,
                verb,
                request.headers.get("accept", ""),
            )
        )

    def _non_resource(self, path: str) -> Response:
        if path.rstrip("/") == "/version":
            return JSONResponse(res.version_document())
        if path.startswith("/openapi"):
            from tests.kube_emulator.openapi import openapi_document

            document = openapi_document(path)
            if document is None:
                raise ApiError(404, "NotFound", "the server could not find the requested resource")
            return JSONResponse(document)
        return PlainTextResponse("ok")

    async def _resource(self, request: Request, target: Target, verb: str) -> Response:
        handlers: dict[str, Callable[[Request, Target], Any]] = {
            "get": self._get,
            "list": self._list,
            "watch": self._watch,
            "create": self._create,
            "update": self._replace,
            "patch": self._patch,
            "delete": self._delete,
            "deletecollection": self._delete_collection,
        }
        handler = handlers.get(verb)
        if handler is None:
            raise ApiError(405, "MethodNotAllowed", f"{request.method} is not supported")
        result: Response = await handler(request, target)
        return result

    # ----- reads ---------------------------------------------------------------------------

    async def _get(self, request: Request, target: Target) -> Response:
        assert target.name is not None
        if target.subresource == "log":
            return await self._log(request, target)
        obj = self.store.get(target.resource, target.scope_namespace, target.name)
        return JSONResponse(obj)

    def _predicate(self, request: Request) -> Predicate:
        try:
            labels = label_selector(request.query_params.get("labelSelector"))
            fields = field_selector(request.query_params.get("fieldSelector"))
        except SelectorError as error:
            raise ApiError(400, "BadRequest", str(error)) from error
        return lambda obj: labels(obj) and fields(obj)

    async def _list(self, request: Request, target: Target) -> Response:
        rv_text = request.query_params.get("resourceVersion")
        match = request.query_params.get("resourceVersionMatch")
        if rv_text and rv_text != "0" and match == "Exact":
            raise expired(int(rv_text))  # no snapshots are kept
        items, rv = self.store.list_objects(
            target.resource, target.namespace, self._predicate(request)
        )
        for item in items:  # the real API leaves kind/apiVersion off list items
            item.pop("kind", None)
            item.pop("apiVersion", None)
        body = {
            "kind": target.resource.list_kind,
            "apiVersion": target.resource.group_version,
            "metadata": {"resourceVersion": str(rv)},
            "items": items,
        }
        return JSONResponse(body)

    async def _watch(self, request: Request, target: Target) -> Response:
        params = request.query_params
        rv_text = params.get("resourceVersion") or ""
        initial = _flag(params.get("sendInitialEvents"))
        since = None if rv_text in ("", "0") or initial else int(rv_text)
        timeout = float(params.get("timeoutSeconds") or self.emu.default_watch_timeout)
        loop = asyncio.get_running_loop()
        try:
            watcher, backlog = self.store.open_watch(
                target.resource, target.namespace, self._predicate(request), since, loop
            )
        except ApiError as error:
            if error.code != 410:
                raise
            # A watch learns of expiry through an ERROR event in a 200 stream, like the real API.
            gone = json.dumps({"type": "ERROR", "object": error.status()}).encode() + b"\n"
            return LiveStream(_once(gone))
        bookmark = initial and _flag(params.get("allowWatchBookmarks"))
        stream = self._watch_stream(target, watcher, backlog, timeout, bookmark)
        return LiveStream(stream)

    async def _watch_stream(
        self,
        target: Target,
        watcher: Any,
        backlog: list[WatchEvent],
        timeout: float,
        initial_bookmark: bool,
    ) -> AsyncIterator[bytes]:
        deadline = asyncio.get_running_loop().time() + timeout
        try:
            for event in backlog:
                yield _event_line(event.type, event.obj)
            if initial_bookmark:
                yield _event_line(
                    "BOOKMARK",
                    {
                        "kind": target.resource.kind,
                        "apiVersion": target.resource.group_version,
                        "metadata": {
                            "resourceVersion": str(self.store.resource_version),
                            "annotations": {"k8s.io/initial-events-end": "true"},
                        },
                    },
                )
            while True:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    return
                try:
                    event = await asyncio.wait_for(watcher.queue.get(), remaining)
                except TimeoutError:
                    return
                if event is None:
                    return
                if isinstance(event, Drop):
                    raise AbruptDrop("watch connection cut by the test")
                yield _event_line(event.type, event.obj)
        finally:
            self.store.close_watch(watcher)

    # ----- writes --------------------------------------------------------------------------

    async def _body(self, request: Request) -> Any:
        raw = await request.body()
        content_type = request.headers.get("content-type", "application/json")
        if "protobuf" in content_type:
            try:
                return decode_protobuf(raw)
            except ProtobufError as error:
                raise ApiError(415, "UnsupportedMediaType", str(error)) from error
        try:
            if "yaml" in content_type:
                return yaml.safe_load(raw)
            return json.loads(raw or b"null")
        except (ValueError, yaml.YAMLError) as error:
            raise ApiError(400, "BadRequest", f"the body does not parse: {error}") from error

    @staticmethod
    def _dry_run(request: Request) -> bool:
        return bool(request.query_params.get("dryRun"))

    def _body_namespace(self, target: Target, body: Obj) -> None:
        if not target.resource.namespaced:
            return
        meta = body.setdefault("metadata", {})
        given = meta.get("namespace")
        if given and target.namespace and given != target.namespace:
            raise ApiError(
                400,
                "BadRequest",
                "the namespace of the provided object does not "
                "match the namespace sent on the request",
            )
        if target.namespace is None:
            raise ApiError(404, "NotFound", "the server could not find the requested resource")

    def _check_kind(self, target: Target, body: Any) -> Obj:
        if not isinstance(body, dict):
            raise ApiError(400, "BadRequest", "the body must be an object")
        kind = body.get("kind")
        if kind and kind != target.resource.kind and target.subresource != "scale":
            raise ApiError(
                400, "BadRequest", f"the body is a {kind}, the path wants a {target.resource.kind}"
            )
        return body

    async def _create(self, request: Request, target: Target) -> Response:
        if target.name is not None:
            raise ApiError(405, "MethodNotAllowed", "POST on a named object is not supported")
        body = self._check_kind(target, await self._body(request))
        self._body_namespace(target, body)
        _validate_fields(request, target, body)
        obj = self.store.create(
            target.resource,
            target.scope_namespace,
            body,
            dry_run=self._dry_run(request),
            manager=_field_manager(request),
        )
        return JSONResponse(obj, status_code=201)

    async def _replace(self, request: Request, target: Target) -> Response:
        if target.name is None:
            raise ApiError(405, "MethodNotAllowed", "PUT on a collection is not supported")
        body = self._check_kind(target, await self._body(request))
        self._body_namespace(target, body)
        _validate_fields(request, target, body)
        obj = self.store.replace(
            target.resource,
            target.scope_namespace,
            target.name,
            body,
            subresource=target.subresource,
            dry_run=self._dry_run(request),
            manager=_field_manager(request),
        )
        return JSONResponse(obj)

    async def _patch(self, request: Request, target: Target) -> Response:
        if target.name is None:
            raise ApiError(405, "MethodNotAllowed", "PATCH on a collection is not supported")
        content_type = request.headers.get("content-type", "")
        if not re.search(r"(json-patch|merge-patch|apply-patch)", content_type):
            raise ApiError(
                415,
                "UnsupportedMediaType",
                f"the body of the request was in an unknown format: {content_type}",
            )
        body = await self._body(request)
        if "apply-patch" in content_type:
            body = self._check_kind(target, body)
            self._body_namespace(target, body)
            if not request.query_params.get("fieldManager"):
                raise ApiError(
                    422,
                    "Invalid",
                    'PatchOptions.meta.k8s.io "" is invalid: '
                    "fieldManager: Required value: is required for apply patch",
                )
        if "json-patch" not in content_type:
            _validate_fields(request, target, body, apply="apply-patch" in content_type)
        obj, created = self.store.patch(
            target.resource,
            target.scope_namespace,
            target.name,
            body,
            content_type,
            subresource=target.subresource,
            manager=_field_manager(request),
            force=_flag(request.query_params.get("force")),
            dry_run=self._dry_run(request),
        )
        return JSONResponse(obj, status_code=201 if created else 200)

    async def _delete(self, request: Request, target: Target) -> Response:
        assert target.name is not None
        obj = self.store.delete(
            target.resource, target.scope_namespace, target.name, dry_run=self._dry_run(request)
        )
        if target.resource.plural == "pods":
            return JSONResponse(obj)
        if target.resource.plural == "namespaces":
            obj["status"] = {"phase": "Terminating"}
            return JSONResponse(obj)
        meta = obj["metadata"]
        return JSONResponse(
            {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Success",
                "details": {
                    "name": meta["name"],
                    "group": target.resource.group,
                    "kind": target.resource.plural,
                    "uid": meta.get("uid"),
                },
            }
        )

    async def _delete_collection(self, request: Request, target: Target) -> Response:
        deleted = self.store.delete_collection(
            target.resource, target.namespace, self._predicate(request)
        )
        for item in deleted:
            item.pop("kind", None)
            item.pop("apiVersion", None)
        return JSONResponse(
            {
                "kind": target.resource.list_kind,
                "apiVersion": target.resource.group_version,
                "metadata": {"resourceVersion": str(self.store.resource_version)},
                "items": deleted,
            }
        )

    # ----- pod logs ------------------------------------------------------------------------

    async def _log(self, request: Request, target: Target) -> Response:
        assert target.name is not None
        namespace, name = target.scope_namespace, target.name
        pod = self.store.get(target.resource, namespace, name)
        container = self._log_container(request, pod)
        params = request.query_params
        previous = _flag(params.get("previous"))
        lines = self.store.read_log(namespace, name, container, previous)
        if lines is None:
            raise ApiError(
                400,
                "BadRequest",
                f'previous terminated container "{container}" in pod "{name}" not found',
            )
        if not lines and not previous:
            _raise_if_waiting(pod, container)
        selected = _select_lines(lines, params)
        timestamps = _flag(params.get("timestamps"))
        limit = int(params["limitBytes"]) if params.get("limitBytes") else None
        if not _flag(params.get("follow")):
            text = b"".join(_log_bytes(line, timestamps) for line in selected)
            return Response(text[:limit] if limit is not None else text, media_type="text/plain")
        existing, follower = self.store.follow_log(
            namespace, name, container, previous, asyncio.get_running_loop()
        )
        # `existing` is read again under the same lock that registered the follower, so no
        # line can fall between the replay and the live part.
        replay = _select_lines(existing, params)
        return LiveStream(
            self._follow(follower, replay, timestamps, limit), media_type="text/plain"
        )

    async def _follow(
        self, follower: Any, replay: list[LogLine], timestamps: bool, limit: int | None
    ) -> AsyncIterator[bytes]:
        sent = 0
        try:
            pending: list[LogLine] = list(replay)
            while True:
                for line in pending:
                    chunk = _log_bytes(line, timestamps)
                    if limit is not None and sent + len(chunk) > limit:
                        yield chunk[: limit - sent]
                        return
                    sent += len(chunk)
                    yield chunk
                item = await follower.queue.get()
                if item is None:
                    return
                pending = [item]
        finally:
            self.store.stop_following(follower)

    @staticmethod
    def _log_container(request: Request, pod: Obj) -> str:
        names = [c["name"] for c in pod.get("spec", {}).get("containers", [])]
        names += [c["name"] for c in pod.get("spec", {}).get("initContainers", [])]
        wanted = request.query_params.get("container")
        name = pod["metadata"]["name"]
        if not wanted:
            if len(pod.get("spec", {}).get("containers", [])) != 1:
                raise ApiError(
                    400,
                    "BadRequest",
                    f"a container name must be specified for pod "
                    f"{name}, choose one of: [{' '.join(names)}]",
                )
            return str(names[0])
        if wanted not in names:
            raise ApiError(400, "BadRequest", f"container {wanted} is not valid for pod {name}")
        return wanted


def _field_manager(request: Request) -> str:
    """The request's field manager: `fieldManager`, else the client's name from its
    User-Agent (`kubectl/v1.35.2 (linux/amd64) …` is `kubectl`), as the API server does."""
    named = request.query_params.get("fieldManager")
    if named:
        return named
    agent = request.headers.get("user-agent", "")
    return agent.split("/", 1)[0].strip() or "unknown"


def _validate_fields(request: Request, target: Target, body: Any, *, apply: bool = False) -> None:
    """Unknown fields: a 400 under `fieldValidation=Strict`, else dropped from the body."""
    model = "V1Scale" if target.subresource == "scale" else model_for(target.resource.kind)
    if model is None or not isinstance(body, dict):
        return
    strict = request.query_params.get("fieldValidation") == "Strict"
    unknown = unknown_fields(model, body, remove=not strict)
    if not unknown or not strict:
        return
    kind, version = target.resource.kind, target.resource.group_version
    if apply:
        where = f"{target.scope_namespace}/{target.name}" if target.namespace else target.name
        message = (
            f"failed to create typed patch object ({where}; {version}, Kind={kind}): "
            + "\n".join(f".{path}: field not declared in schema" for path in unknown)
        )
    else:
        fields = ", ".join(f'unknown field "{path}"' for path in unknown)
        message = (
            f'{kind} in version "{target.resource.version}" cannot be handled as a {kind}: '
            f"strict decoding error: {fields}"
        )
    raise ApiError(400, "BadRequest", message)


async def _once(chunk: bytes) -> AsyncIterator[bytes]:
    yield chunk


def _event_line(kind: str, obj: Obj) -> bytes:
    return json.dumps({"type": kind, "object": obj}, separators=(",", ":")).encode() + b"\n"


def _raise_if_waiting(pod: Obj, container: str) -> None:
    for status in (pod.get("status") or {}).get("containerStatuses") or []:
        waiting = (status.get("state") or {}).get("waiting")
        if status.get("name") == container and waiting:
            reason = waiting.get("reason", "ContainerCreating")
            pod_name = pod["metadata"]["name"]
            raise ApiError(
                400,
                "BadRequest",
                f'container "{container}" in pod "{pod_name}" is waiting to start: {reason}',
            )


def _select_lines(lines: list[LogLine], params: Any) -> list[LogLine]:
    since: datetime | None = None
    if params.get("sinceSeconds"):
        since = datetime.now(UTC) - timedelta(seconds=int(params["sinceSeconds"]))
    elif params.get("sinceTime"):
        since = datetime.fromisoformat(params["sinceTime"].replace("Z", "+00:00"))
    if since is not None:
        lines = [line for line in lines if line.time >= since]
    if params.get("tailLines"):
        tail = int(params["tailLines"])
        lines = lines[-tail:] if tail > 0 else []
    return lines


def kube_timestamp(moment: datetime) -> str:
    """RFC 3339 with nanoseconds, as the kubelet stamps log lines."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}000Z"


def _log_bytes(line: LogLine, timestamps: bool) -> bytes:
    text = f"{kube_timestamp(line.time)} {line.text}" if timestamps else line.text
    return (text + "\n").encode()
