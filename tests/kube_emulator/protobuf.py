"""Decoding the Kubernetes protobuf bodies typed clients send.

client-go's typed clientsets (kubectl's `create ns`, `create deployment`, `create secret`...,
Helm 4's secret and configmap release storage) send `Content-Type:
application/vnd.kubernetes.protobuf`, and client-go has no JSON fallback for protobuf (only for
CBOR), so the emulator reads them: the envelope (`k8s\\0` + runtime.Unknown) names the kind,
and the message is read field by field with the numbers in protobuf_fields.py. A field or a
message the table lacks is refused (415) with its name, never skipped: an emulator that drops
what it cannot read would store something the client did not send. Responses are always JSON,
which client-go accepts because its Accept header lists `application/json` as well.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from tests.kube_emulator.protobuf_fields import MESSAGES

MAGIC = b"k8s\x00"
_ZERO_TIME = -62135596800  # Go's zero time.Time (year 1)
_SCALARS = {"string", "int", "bool", "double", "bytes"}


class ProtobufError(ValueError):
    """The body is not a Kubernetes protobuf message the emulator can read."""


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    kind: str  # a scalar, a special apimachinery type, or a message name
    container: str  # "one", "list" or "map"
    keep_zero: bool
    inline: bool


@cache
def _fields_of(message: str) -> dict[int, _Field] | None:
    spec = MESSAGES.get(message)
    if spec is None:
        return None
    fields: dict[int, _Field] = {}
    for item in spec.split(", "):
        number, name, kind = item.split()
        container = {"[": "list", "{": "map"}.get(kind[0], "one")
        fields[int(number.rstrip("!~"))] = _Field(
            name, kind.strip("[]{}"), container, number.endswith("!"), number.endswith("~")
        )
    return fields


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _wire(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs; varints as int, everything else as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
            continue
        size = {1: 8, 5: 4}.get(wire)
        if wire == 2:
            size, pos = _varint(data, pos)
        if size is None:
            raise ProtobufError(f"unsupported wire type {wire}")
        if pos + size > len(data):
            raise ProtobufError("a field runs past the end of the body")
        yield number, data[pos : pos + size]
        pos += size


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _bytes(value: int | bytes) -> bytes:
    if not isinstance(value, bytes):
        raise ProtobufError("a length-delimited field was sent as a varint")
    return value


def _int(value: int | bytes) -> int:
    if not isinstance(value, int):
        raise ProtobufError("a varint field was sent length-delimited")
    return _signed(value)


def _time(data: bytes) -> str | None:
    parts = dict(_wire(data))
    seconds = _int(parts.get(1, 0))
    if seconds == _ZERO_TIME or not data:  # unset: Go's encoder writes an empty Timestamp
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int_or_string(data: bytes) -> int | str:
    parts = dict(_wire(data))
    if _int(parts.get(1, 0)) == 1:
        return _bytes(parts.get(3, b"")).decode()
    return _int(parts.get(2, 0))


def _raw_json(data: bytes) -> Any:
    raw = _bytes(dict(_wire(data)).get(1, b""))
    return json.loads(raw) if raw else None


def _duration(data: bytes) -> str:
    return f"{_int(dict(_wire(data)).get(1, 0)) / 1e9:g}s"


def _value(kind: str, value: int | bytes) -> Any:
    """One field's value as JSON has it."""
    if kind == "int":
        return _int(value)
    if kind == "bool":
        return bool(_int(value))
    if kind == "double":
        return struct.unpack("<d", _bytes(value))[0]
    if kind == "string":
        return _bytes(value).decode()
    if kind == "bytes":
        return base64.b64encode(_bytes(value)).decode()
    special = {
        "Time": _time,
        "IntOrString": _int_or_string,
        "Quantity": lambda data: _bytes(dict(_wire(data)).get(1, b"")).decode(),
        "RawExtension": _raw_json,
        "FieldsV1": _raw_json,
        "Duration": _duration,
    }.get(kind)
    if special is not None:
        return special(_bytes(value))
    return decode_message(kind, _bytes(value))


def _repeated(field: _Field, value: int | bytes) -> list[Any]:
    """A repeated scalar may come packed (one length-delimited run of varints)."""
    if field.kind in ("int", "bool") and isinstance(value, bytes):
        items, pos = [], 0
        while pos < len(value):
            item, pos = _varint(value, pos)
            items.append(_value(field.kind, item))
        return items
    return [_value(field.kind, value)]


def _is_zero(field: _Field, value: Any) -> bool:
    if field.kind not in _SCALARS and field.kind != "Time":
        return False
    return value is None or (not field.keep_zero and value in ("", 0, False))


def decode_message(message: str, data: bytes) -> dict[str, Any]:
    """The JSON object a protobuf message of type `message` stands for."""
    fields = _fields_of(message)
    if fields is None:
        if not data:
            return {}  # an empty status, strategy... needs no table
        raise ProtobufError(f"the emulator does not decode protobuf {message} messages")
    obj: dict[str, Any] = {}
    for number, value in _wire(data):
        field = fields.get(number)
        if field is None:
            raise ProtobufError(f"the emulator does not know field {number} of {message}")
        try:
            _set(obj, field, value)
        except ProtobufError as error:
            raise ProtobufError(f"{message}.{field.name}: {error}") from None
    return obj


def _set(obj: dict[str, Any], field: _Field, value: int | bytes) -> None:
    if field.container == "list":
        obj.setdefault(field.name, []).extend(_repeated(field, value))
    elif field.container == "map":
        key, item = _map_entry(field, _bytes(value))
        obj.setdefault(field.name, {})[key] = item
    elif field.inline:
        obj.update(_value(field.kind, value))
    else:
        decoded = _value(field.kind, value)
        if _is_zero(field, decoded):
            obj.pop(field.name, None)
        else:
            obj[field.name] = decoded


def _map_entry(field: _Field, data: bytes) -> tuple[str, Any]:
    parts = dict(_wire(data))
    key = _bytes(parts.get(1, b"")).decode()
    raw = parts.get(2, b"" if field.kind not in ("int", "bool") else 0)
    return key, _value(field.kind, raw)


def decode_protobuf(raw: bytes) -> dict[str, Any]:
    """The JSON-shaped object inside a `k8s\\0` protobuf envelope."""
    if not raw.startswith(MAGIC):
        raise ProtobufError("not a Kubernetes protobuf envelope (no k8s\\0 magic)")
    api_version = kind = ""
    payload = b""
    for number, value in _wire(raw[len(MAGIC) :]):
        if number == 1:
            for inner, text in _wire(_bytes(value)):
                if inner == 1:
                    api_version = _bytes(text).decode()
                elif inner == 2:
                    kind = _bytes(text).decode()
        elif number == 2:
            payload = _bytes(value)
    if kind not in MESSAGES:
        raise ProtobufError(f"protobuf {api_version} {kind} bodies are not supported")
    return {"apiVersion": api_version, "kind": kind, **decode_message(kind, payload)}
