"""The one file of a chart upload: the `file` part of a multipart/form-data body.

KubeFATE reads it with Go's `c.FormFile("file")`; a part counts as a file only if it has a
filename, as in Go. The body is already bounded by the upload limit when it gets here.
"""

from __future__ import annotations

import re
from email.message import Message

from backend.api.binding import BindError

NOT_MULTIPART = "request Content-Type isn't multipart/form-data"
NO_SUCH_FILE = "http: no such file"
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _content_type_params(content_type: str) -> tuple[str, dict[str, str]]:
    message = Message()
    message["content-type"] = content_type
    params = {key.lower(): str(value) for key, value in message.get_params(failobj=[])[1:]}
    return message.get_content_type(), params


def multipart_boundary(content_type: str) -> str:
    """The boundary of a multipart/form-data Content-Type; BindError in Go's words if none."""
    media_type, params = _content_type_params(content_type)
    if media_type != "multipart/form-data":
        raise BindError(NOT_MULTIPART)
    boundary = params.get("boundary", "")
    if not boundary:
        raise BindError("no multipart boundary param in Content-Type")
    return boundary


def _disposition(headers: bytes) -> dict[str, str]:
    for line in headers.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-disposition":
            return _content_type_params("x/x; " + value.strip().partition(";")[2])[1]
    return {}


def file_part(body: bytes, content_type: str, field_name: str = "file") -> bytes:
    """The content of the first part named `field_name` that carries a filename."""
    delimiter = b"--" + multipart_boundary(content_type).encode("latin-1", "replace")
    start = body.find(delimiter)
    if start < 0:
        raise BindError("multipart: NextPart: EOF")
    position = start + len(delimiter)
    while True:
        if body.startswith(b"--", position):  # the closing delimiter
            raise BindError(NO_SUCH_FILE)
        line_end = body.find(b"\n", position)
        if line_end < 0:
            raise BindError("multipart: NextPart: EOF")
        header_start = line_end + 1
        header_end = _HEADER_END.search(body, header_start - 1)
        if header_end is None:
            raise BindError("multipart: NextPart: EOF")
        headers = body[header_start : header_end.start()]
        content_start = header_end.end()
        following = body.find(b"\n" + delimiter, content_start)
        if following < 0:
            raise BindError("multipart: NextPart: EOF")
        content_end = following - 1 if body[following - 1 : following] == b"\r" else following
        disposition = _disposition(headers)
        if disposition.get("name") == field_name and disposition.get("filename"):
            return body[content_start:content_end]
        position = following + 1 + len(delimiter)
