"""Request bodies and query strings read the way gin binds them, with Go-like error texts.

KubeFATE binds JSON with encoding/json (first value of the body, keys matched
case-insensitively, unknown keys ignored, `null` leaves the zero value) and query strings with
gin's form binding (strconv rules). A failure is a BindError, answered 400 `{"error": text}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.api.go_base64 import CorruptInputError, go_b64decode
from backend.models import ClusterArgs, LogQuery
from backend.models.wire import field, parse_time

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MAX_SINCE = 10**12  # seconds (~31,000 years): beyond any log, within timedelta
_GO_INT = re.compile(r"[+-]?[0-9]+")
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
_GO_WHITESPACE = " \t\r\n"
MAX_JSON_DEPTH = 64
"""Nested arrays and objects in a request body (KubeFATE's bodies are 1 or 2 deep; Go's
decoder stops at 10,000, Python's recursive walks near 1,000)."""
_TOO_DEEP = f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep"


class BindError(ValueError):
    """The request cannot be bound; the message is what gin would report (or close to it)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _go_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _syntax_error(document: str, error: json.JSONDecodeError) -> str:
    if error.pos >= len(document) or error.msg.startswith("Unterminated"):
        return "unexpected EOF"
    char = document[error.pos]
    quoted = "'\\''" if char == "'" else "'" + _go_quote(char)[1:-1] + "'"
    context = {
        "Expecting value": "looking for beginning of value",
        "Expecting property name enclosed in double quotes": (
            "looking for beginning of object key string"
        ),
        "Expecting ':' delimiter": "after object key",
        "Expecting ',' delimiter": "after object key:value pair or array element",
        "Invalid control character at": "in string literal",
    }.get(error.msg, "in string escape code" if "escape" in error.msg else error.msg)
    return f"invalid character {quoted} {context}"


def _check_depth(value: Any) -> None:
    """BindError if arrays and objects nest deeper than MAX_JSON_DEPTH (checked without
    recursion, so the check itself cannot overflow the stack)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise BindError(_TOO_DEEP)
        stack.extend((child, depth + 1) for child in children)


def _clean(value: Any) -> Any:
    """Lone UTF-16 surrogates (`"\\ud800"`) become U+FFFD, as Go's decoder makes them."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def decode_json(body: bytes) -> Any:
    """The first JSON value of the body, as Go's json.Decoder reads it (trailing data ignored)."""
    document = body.decode("utf-8", errors="replace").lstrip(_GO_WHITESPACE)
    if not document:
        raise BindError("EOF")
    try:
        value, _ = _DECODER.raw_decode(document)
    except json.JSONDecodeError as error:
        raise BindError(_syntax_error(document, error)) from None
    except RecursionError:  # the C decoder's own bound (~1,000 levels)
        raise BindError(_TOO_DEEP) from None
    except ValueError as error:
        raise BindError(str(error) or "invalid JSON") from None
    _check_depth(value)
    return _clean(value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _type_error(value: Any, struct: str, key: str, go_type: str) -> BindError:
    return BindError(
        f"json: cannot unmarshal {_kind(value)} into Go struct field {struct}.{key} "
        f"of type {go_type}"
    )


def json_object(body: bytes, go_type: str) -> dict[str, Any]:
    """The body as a JSON object; `null` gives {} (Go leaves the zero value)."""
    value = decode_json(body)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BindError(f"json: cannot unmarshal {_kind(value)} into Go value of type {go_type}")
    return value


def string_field(obj: Mapping[str, Any], key: str, struct: str) -> str:
    value = field(obj, key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _type_error(value, struct, key, "string")
    return value


def bool_field(obj: Mapping[str, Any], key: str, struct: str) -> bool:
    value = field(obj, key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _type_error(value, struct, key, "bool")
    return value


def bytes_field(obj: Mapping[str, Any], key: str, struct: str) -> bytes:
    """A Go []byte: base64 text, or (Go accepts it too) an array of numbers 0-255."""
    value = field(obj, key)
    if value is None:
        return b""
    if isinstance(value, str):
        try:
            return go_b64decode(value)
        except CorruptInputError as error:
            raise BindError(str(error)) from None
    if isinstance(value, list):
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise _type_error(item, struct, key, "uint8")
            if item != int(item) or not 0 <= item <= 255:
                raise BindError(
                    f"json: cannot unmarshal number {item} into Go struct field "
                    f"{struct}.{key} of type uint8"
                )
        return bytes(int(item) for item in value)
    raise _type_error(value, struct, key, "[]uint8")


def bind_cluster_args(body: bytes) -> ClusterArgs:
    """The install/update body (§2.3)."""
    obj = json_object(body, "modules.ClusterArgs")
    struct = "ClusterArgs"
    return ClusterArgs(
        name=string_field(obj, "name", struct),
        namespace=string_field(obj, "namespace", struct),
        chart_name=string_field(obj, "chart_name", struct),
        chart_version=string_field(obj, "chart_version", struct),
        cover=bool_field(obj, "cover", struct),
        data=bytes_field(obj, "data", struct),
        keep_upgrade_job=bool_field(obj, "Keep_upgrade_job", struct),
    )


def bind_user_fields(body: bytes) -> dict[str, str | None]:
    """`username`, `password`, `email` of a User body; None where the key is absent or null."""
    obj = json_object(body, "modules.User")
    fields: dict[str, str | None] = {}
    for key in ("username", "password", "email"):
        fields[key] = string_field(obj, key, "User") if field(obj, key) is not None else None
    return fields


# --- query strings (gin form binding) --------------------------------------------------------


def _go_bool(text: str) -> bool:
    text = text or "false"
    if text in _GO_TRUE:
        return True
    if text in _GO_FALSE:
        return False
    raise BindError(f"strconv.ParseBool: parsing {_go_quote(text)}: invalid syntax")


def _go_int64(text: str) -> int:
    text = text or "0"
    if not _GO_INT.fullmatch(text):
        raise BindError(f"strconv.ParseInt: parsing {_go_quote(text)}: invalid syntax")
    value = int(text)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise BindError(f"strconv.ParseInt: parsing {_go_quote(text)}: value out of range")
    return value


def _go_time(text: str) -> datetime | None:
    if not text:
        return None
    layout = "2006-01-02T15:04:05Z07:00"
    if not _RFC3339.fullmatch(text):
        raise BindError(f"parsing time {_go_quote(text)} as {_go_quote(layout)}: not RFC 3339")
    try:
        moment = parse_time(text)
        return None if moment is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):  # WireFormatError included
        raise BindError(f"parsing time {_go_quote(text)}: a field is out of range") from None


def bind_log_query(query: Mapping[str, str]) -> LogQuery:
    """§1.5.7's parameters. Values the Kubernetes API would refuse are read as "not set":
    `since` and `limit-bytes` below 1, a negative `tail` (kubectl's -1 means "all")."""
    for flag in ("follow", "InsecureSkipTLSVerifyBackend"):  # bound, then ignored
        if flag in query:
            _go_bool(query[flag])
    since = _go_int64(query["since"]) if "since" in query else None
    since = min(since, _MAX_SINCE) if since is not None and since > 0 else None
    tail = _go_int64(query["tail"]) if "tail" in query else None
    limit = _go_int64(query["limit-bytes"]) if "limit-bytes" in query else None
    since_time = _go_time(query.get("since-time", ""))
    return LogQuery(
        container=query.get("container", ""),
        previous=_go_bool(query["previous"]) if "previous" in query else False,
        since=None if since is None else timedelta(seconds=since),
        since_time=since_time,
        timestamps=_go_bool(query["timestamps"]) if "timestamps" in query else False,
        tail=tail if tail is not None and tail >= 0 else None,
        limit_bytes=limit if limit is not None and limit > 0 else None,
    )
