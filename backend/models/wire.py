"""The small rules of KubeFATE's JSON wire form (docs/kubefate-behaviour.md §1.1, §2.1).

Go's encoding/json decides how times, bytes and nil collections look; these helpers reproduce
that exactly when we encode, and accept every variant the Go service really sends when we decode.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

JsonObject = dict[str, Any]

GO_ZERO_TIME = "0001-01-01T00:00:00Z"

_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$"
)


class WireFormatError(ValueError):
    """A value on the wire is not in any form the Go service produces."""


def now() -> datetime:
    """The current wall-clock time in the local zone, as the Go service stamps its rows."""
    return datetime.now().astimezone()


def format_time(value: datetime | None) -> str:
    """RFC 3339 with nanoseconds trimmed of trailing zeros, like Go's time.Time.MarshalJSON.

    `None` stands for Go's zero time ("not set", e.g. the end of an unfinished job).
    """
    if value is None:
        return GO_ZERO_TIME
    if value.tzinfo is None:
        value = value.astimezone()
    # The offset is part of the key: equal instants in different zones print differently.
    return _format_aware(value, value.utcoffset())


@lru_cache(maxsize=16384)
def _format_aware(value: datetime, offset: timedelta | None) -> str:
    # Cached: a job list repeats the same few times (every sub-job starts with its job), and
    # formatting dominated encoding a list of jobs.
    text = value.replace(tzinfo=None).isoformat()
    if value.microsecond:
        text = text.rstrip("0")
    if not offset:
        return text + "Z"
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_time_seconds(value: datetime) -> str:
    """RFC 3339 at seconds precision with the numeric offset (the login `expire` field)."""
    text = format_time(value.replace(microsecond=0))
    return text


def parse_time(value: object) -> datetime | None:
    """Parse a Go time; the zero time, null and "" mean "not set" and give None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"expected an RFC 3339 time, got {value!r}")
    return _parse_text(value.strip())


@lru_cache(maxsize=16384)
def _parse_text(text: str) -> datetime | None:
    # Cached for the same reason as formatting; datetimes are immutable, so sharing is safe.
    match = _TIME_RE.match(text)
    if match is None:
        raise WireFormatError(f"expected an RFC 3339 time, got {text!r}")
    if text.startswith("0001-01-01"):
        return None
    try:
        parsed = datetime.fromisoformat(text.upper())  # C speed; the regex keeps it strict
    except ValueError as error:
        raise WireFormatError(f"invalid time {text!r}: {error}") from error
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def encode_bytes(data: bytes) -> str:
    """Go's []byte on the wire: standard base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def decode_bytes(value: object) -> bytes:
    """A Go []byte: base64 text (what Go sends), or a list of ints (what swagger claims)."""
    if value is None:
        return b""
    if isinstance(value, list):
        try:
            return bytes(value)
        except (TypeError, ValueError) as error:
            raise WireFormatError(
                f"expected bytes, got a list that is not bytes: {error}"
            ) from None
    if not isinstance(value, str):
        raise WireFormatError(f"expected base64 text, got {type(value).__name__}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise WireFormatError(f"illegal base64 data: {error}") from None


def field(obj: Mapping[str, Any], key: str, default: Any = None) -> Any:
    """`obj[key]`, matching the key case-insensitively the way Go's decoder does."""
    if key in obj:
        return obj[key]
    lowered = key.lower()
    for candidate, value in obj.items():
        if candidate.lower() == lowered:
            return value
    return default


def text_field(obj: Mapping[str, Any], key: str) -> str:
    value = field(obj, key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise WireFormatError(f"field {key!r}: expected a string, got {type(value).__name__}")


def int_field(obj: Mapping[str, Any], key: str) -> int:
    value = field(obj, key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WireFormatError(f"field {key!r}: expected a number, got {type(value).__name__}")
    return int(value)


def bool_field(obj: Mapping[str, Any], key: str) -> bool:
    value = field(obj, key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise WireFormatError(f"field {key!r}: expected true or false, got {value!r}")
    return value


def object_field(obj: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    """A JSON object field; null stays None (Go's nil map) so it can be re-encoded as null."""
    value = field(obj, key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise WireFormatError(f"field {key!r}: expected an object, got {type(value).__name__}")
    return value


_GO_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_GO_TABLE = str.maketrans(_GO_ESCAPES)


def go_json_dumps(value: Any) -> str:
    """JSON text as Go's encoding/json writes it: compact, HTML-escaped, UTF-8 kept."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # `in` scans at memory speed and most answers hold none of these: the 70 MB job list
    # spent a sixth of its time in a regular-expression pass that changed nothing.
    if any(char in text for char in _GO_ESCAPES):
        return text.translate(_GO_TABLE)
    return text


def go_json_pieces(value: Any, depth: int) -> Iterator[str]:
    """`go_json_dumps(value)` in pieces: maps and lists down to `depth` levels are opened and
    their members encoded one at a time, so a large answer is never one string."""
    if depth <= 0 or not isinstance(value, dict | list) or not value:
        yield go_json_dumps(value)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield "," if index else "["
            yield from go_json_pieces(item, depth - 1)
        yield "]"
        return
    for index, (key, item) in enumerate(value.items()):
        yield ("," if index else "{") + go_json_dumps(str(key)) + ":"
        yield from go_json_pieces(item, depth - 1)
    yield "}"


def first_json_value(text: str) -> Any:
    """The first JSON value of a body; the Go service sometimes writes two (§1.3)."""
    decoder = json.JSONDecoder()
    value, _ = decoder.raw_decode(text.lstrip())
    return value
