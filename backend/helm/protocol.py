"""The framing between the console and its Helm worker process.

Each message is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON. Lengths
instead of newlines mean a rendered chart of any size (or a stray newline) cannot desync the two
sides. Binary payloads (chart archives) travel as base64 strings.

Requests:  {"id": n, "op": "<Operation>", "args": {<the request's fields>}}
           (backend/helm/worker_requests.py: one frozen request type per Operation)
Responses: {"id": n, "ok": true, "result": ...}
           {"id": n, "ok": false, "error": {"kind": "<helm_python class>", "message": "..."}}
The worker's first message, before any request, is {"ready": true, "helm": "<versions>"}.
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any, BinaryIO

HEADER = struct.Struct(">I")
MAX_MESSAGE_BYTES = 512 * 1024 * 1024  # a sanity bound: a corrupt header must not allocate 4 GiB


class ProtocolError(Exception):
    """The other side sent something that is not a frame of this protocol."""


def encode(message: dict[str, Any]) -> bytes:
    """One frame: header + JSON body."""
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def decode_body(body: bytes) -> dict[str, Any]:
    """The JSON object inside a frame."""
    try:
        message = json.loads(body)
    except ValueError as error:
        raise ProtocolError(f"a frame is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a frame is not a JSON object")
    return message


def body_length(header: bytes) -> int:
    """The body size announced by a header, refusing absurd sizes."""
    (length,) = HEADER.unpack(header)
    if length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"a frame announces {length} bytes; the limit is {MAX_MESSAGE_BYTES}")
    return int(length)


def read_frame(stream: BinaryIO) -> dict[str, Any] | None:
    """Blocking read of one frame (the worker's side); None at end of input."""
    header = _read_exactly(stream, HEADER.size)
    if header is None:
        return None
    body = _read_exactly(stream, body_length(header))
    if body is None:
        raise ProtocolError("the input ended inside a frame")
    return decode_body(body)


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def pack_bytes(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unpack_bytes(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
