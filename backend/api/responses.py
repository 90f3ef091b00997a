"""Every response shape the API sends (docs/kubefate-behaviour.md §1.3), and how failures map
to them.

* success: `{"msg": ..., "data": ...}` (gin.H: keys sorted), Go's JSON encoding;
* handler errors: `{"error": "<text>"}`, with the corrected status (404, 409, 400, 503...);
* token errors: `{"code": N, "message": "<text>"}` plus `WWW-Authenticate: JWT realm=gin jwt`;
* unknown route or method: gin's `404 page not found` as text/plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from starlette.responses import Response, StreamingResponse

from backend.errors import (
    AuthenticationFailed,
    BackendError,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    ReadOnlyMode,
    Unavailable,
)
from backend.models.wire import go_json_dumps, go_json_pieces
from backend.store import StoreBusy, StoreConflict, StoreError

JSON_CONTENT_TYPE: Final = "application/json; charset=utf-8"
AUTH_CHALLENGE: Final = {"WWW-Authenticate": "JWT realm=gin jwt"}
RECORD_NOT_FOUND: Final = "record not found"  # gorm's words, what KubeFATE answers


class ApiError(Exception):
    """A failure a handler reports itself, as `{"error": text}` with `status`."""

    def __init__(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = headers or {}


class GoJSONResponse(Response):
    """JSON as gin's c.JSON writes it: compact, HTML-escaped, `application/json; charset=utf-8`."""

    media_type = JSON_CONTENT_TYPE

    def render(self, content: Any) -> bytes:
        return go_json_dumps(content).encode("utf-8")


def success(msg: str, **fields: Any) -> GoJSONResponse:
    """A 200 body of a gin.H map: `msg` plus `fields`, keys in Go's (sorted) order."""
    body = {"msg": msg, **fields}
    return GoJSONResponse({key: body[key] for key in sorted(body)})


STREAM_CHUNK_BYTES: Final = 256 * 1024


def _encoded_chunks(msg: str, data: Callable[[], Any], depth: int) -> Iterator[bytes]:
    """The success body `{"data": ..., "msg": ...}`, as UTF-8 chunks of about 256 KiB."""
    body = {"data": data(), "msg": msg}  # gin.H keys in sorted order: data, then msg
    pending: list[str] = []
    size = 0
    for piece in go_json_pieces(body, depth + 1):
        pending.append(piece)
        size += len(piece)
        if size >= STREAM_CHUNK_BYTES:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    yield "".join(pending).encode("utf-8")


def streamed_success(msg: str, data: Callable[[], Any], depth: int = 1) -> StreamingResponse:
    """A success answer that may be large (every cluster, every job, a chart with its
    templates): `data()` builds the wire value and the JSON is encoded piece by piece, both
    in a worker thread (Starlette runs a plain iterator there), so neither the building nor
    the encoding holds the event loop and the answer is never one string in memory. The bytes
    are those `success` sends.

    `depth`: how many levels of `data` are opened (go_json_pieces). 1 for a list of objects
    (each member in one encoder call); more only where single members are large (a chart's
    templates): each level opened costs an encoder call per member (2 on the job list took
    1.5x the CPU)."""
    return StreamingResponse(_encoded_chunks(msg, data, depth), media_type=JSON_CONTENT_TYPE)


def _list_chunks(msg: str, batches: Iterable[list[Any]]) -> Iterator[bytes]:
    """`{"data":[...],"msg":...}` from batches of members: each batch is one encoder call (its
    `[` and `]` cut off), chunks of about STREAM_CHUNK_BYTES."""
    pending: list[str] = ['{"data":[']
    size, first = 0, True
    for batch in batches:
        if not batch:
            continue
        text = go_json_dumps(batch)[1:-1]
        pending.append(text if first else "," + text)
        size, first = size + len(text), False
        if size >= STREAM_CHUNK_BYTES:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    pending.append('],"msg":' + go_json_dumps(msg) + "}")
    yield "".join(pending).encode("utf-8")


def streamed_list_success(msg: str, batches: Iterable[list[Any]]) -> StreamingResponse:
    """A success answer whose `data` is a list read and encoded a batch at a time: `batches`
    is a plain iterable, so Starlette pulls it in a worker thread (the event loop answers other
    requests meanwhile) and memory holds one chunk, not the answer. Same bytes as `success`."""
    return StreamingResponse(_list_chunks(msg, batches), media_type=JSON_CONTENT_TYPE)


def error_response(status: int, text: str, headers: dict[str, str] | None = None) -> GoJSONResponse:
    return GoJSONResponse({"error": text}, status_code=status, headers=headers)


def auth_failure(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """gin-jwt's Unauthorized answer (§1.2)."""
    return GoJSONResponse(
        {"code": status, "message": message},
        status_code=status,
        headers={**AUTH_CHALLENGE, **(headers or {})},
    )


def gin_not_found() -> Response:
    """gin's answer for an unknown path or method: exactly `text/plain`, no charset."""
    return Response(b"404 page not found", status_code=404, headers={"content-type": "text/plain"})


def status_for(error: BackendError | StoreError) -> int:
    """The HTTP status of a backend failure. KubeFATE answers 500 to nearly everything; we
    answer what happened (docs/kubefate-compatibility.md lists each)."""
    match error:
        case NotFound():
            return 404
        case Conflict() | StoreConflict():
            return 409
        case InvalidRequest():
            return 400
        case AuthenticationFailed():
            return 401
        case ReadOnlyMode():
            return 403
        case Unavailable() | StoreBusy():
            return 503
        case PermissionDenied():
            # The service's own Kubernetes credentials lack a permission: a server-side
            # problem, as KubeFATE reports it (500), not the caller's (403).
            return 500
        case _:
            return 500


def failure_response(
    error: BackendError | StoreError, *, not_found_text: str | None = None
) -> GoJSONResponse:
    """`{"error": ...}` for a backend failure; `not_found_text` replaces a NotFound's words
    by KubeFATE's where a route has fixed ones (e.g. `record not found`)."""
    if isinstance(error, NotFound) and not_found_text is not None:
        return error_response(404, not_found_text)
    return error_response(status_for(error), str(error))
