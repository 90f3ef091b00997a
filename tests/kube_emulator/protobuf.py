"""Decoding the Kubernetes protobuf bodies Helm sends for its release storage.

Helm 4's `secret` and `configmap` storage drivers use a typed clientset whose requests carry
`Content-Type: application/vnd.kubernetes.protobuf`; client-go offers no JSON fallback for
protobuf (only for CBOR), so the emulator reads the few message types involved: the envelope
(`k8s\\0` + runtime.Unknown), ObjectMeta, Secret and ConfigMap. Responses are always JSON, which
client-go accepts because its Accept header lists `application/json` as well.

Field numbers are those of k8s.io/api/core/v1/generated.proto and
k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

MAGIC = b"k8s\x00"


class ProtobufError(ValueError):
    """The body is not a Kubernetes protobuf envelope the emulator understands."""


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


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs; varints as int, length-delimited as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            yield number, data[pos : pos + length]
            pos += length
        elif wire == 1:
            yield number, data[pos : pos + 8]
            pos += 8
        elif wire == 5:
            yield number, data[pos : pos + 4]
            pos += 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")


def _text(value: int | bytes) -> str:
    assert isinstance(value, bytes)
    return value.decode()


def _map_entry(value: int | bytes) -> tuple[str, bytes]:
    assert isinstance(value, bytes)
    key, item = "", b""
    for number, part in _fields(value):
        if number == 1:
            key = _text(part)
        elif number == 2:
            assert isinstance(part, bytes)
            item = part
    return key, item


def _time(value: int | bytes) -> str:
    assert isinstance(value, bytes)
    seconds = next((v for n, v in _fields(value) if n == 1), 0)
    assert isinstance(seconds, int)
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _object_meta(data: bytes) -> dict[str, Any]:
    names = {
        1: "name",
        2: "generateName",
        3: "namespace",
        4: "selfLink",
        5: "uid",
        6: "resourceVersion",
    }
    meta: dict[str, Any] = {}
    for number, value in _fields(data):
        if number in names:
            meta[names[number]] = _text(value)
        elif number == 7:
            meta["generation"] = value
        elif number == 8:
            meta["creationTimestamp"] = _time(value)
        elif number in (11, 12):
            key, item = _map_entry(value)
            meta.setdefault("labels" if number == 11 else "annotations", {})[key] = item.decode()
        elif number == 14:
            meta.setdefault("finalizers", []).append(_text(value))
    return meta


def _secret(data: bytes) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret"}
    for number, value in _fields(data):
        if number == 1:
            assert isinstance(value, bytes)
            obj["metadata"] = _object_meta(value)
        elif number == 2:
            key, item = _map_entry(value)
            obj.setdefault("data", {})[key] = base64.b64encode(item).decode()
        elif number == 3:
            obj["type"] = _text(value)
        elif number == 4:
            key, item = _map_entry(value)
            obj.setdefault("stringData", {})[key] = item.decode()
        elif number == 5:
            obj["immutable"] = bool(value)
    return obj


def _config_map(data: bytes) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap"}
    for number, value in _fields(data):
        if number == 1:
            assert isinstance(value, bytes)
            obj["metadata"] = _object_meta(value)
        elif number == 2:
            key, item = _map_entry(value)
            obj.setdefault("data", {})[key] = item.decode()
        elif number == 3:
            key, item = _map_entry(value)
            obj.setdefault("binaryData", {})[key] = base64.b64encode(item).decode()
        elif number == 4:
            obj["immutable"] = bool(value)
    return obj


_DECODERS = {("v1", "Secret"): _secret, ("v1", "ConfigMap"): _config_map}


def decode_protobuf(raw: bytes) -> dict[str, Any]:
    """The JSON-shaped object inside a `k8s\\0` protobuf envelope (Secret or ConfigMap)."""
    if not raw.startswith(MAGIC):
        raise ProtobufError("not a Kubernetes protobuf envelope (no k8s\\0 magic)")
    api_version = kind = ""
    payload = b""
    for number, value in _fields(raw[len(MAGIC) :]):
        if number == 1:
            assert isinstance(value, bytes)
            for inner, text in _fields(value):
                if inner == 1:
                    api_version = _text(text)
                elif inner == 2:
                    kind = _text(text)
        elif number == 2:
            assert isinstance(value, bytes)
            payload = value
    decoder = _DECODERS.get((api_version, kind))
    if decoder is None:
        raise ProtobufError(f"protobuf {api_version} {kind} bodies are not supported")
    return decoder(payload)
