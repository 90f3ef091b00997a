"""The typed requests cross the process boundary intact, and a frame that fits none is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend.helm import KubeTarget
from backend.helm.protocol import ProtocolError
from backend.helm.worker_requests import (
    REQUEST_TYPES,
    History,
    Install,
    Operation,
    Package,
    ParseValues,
    Ping,
    PullUrl,
    Render,
    RepoIndex,
    Rollback,
    Status,
    Uninstall,
    Upgrade,
    WorkerRequest,
    decode_request,
    request_args,
)

KUBE = KubeTarget(Path("/k/config"), context="emulator", storage_driver="configmap")
ONE_OF_EACH: list[WorkerRequest] = [
    Ping(),
    Render(b"\x1f\x8b chart", {"a": [1, 2.5, None]}, "r", "ns"),
    ParseValues("a: 1"),
    Package("/charts/fate"),
    RepoIndex("https://charts.example", "user", "secret"),
    PullUrl("https://charts.example/fate-1.tgz"),
    Install("r", "ns", KUBE, 600, b"tgz", {"k": "v"}, "first", {"owner": "u"}),
    Upgrade("r", "ns", KUBE, 600, b"tgz", {}, None, {}, force_conflicts=True),
    Rollback("r", "ns", KubeTarget(in_cluster=True, storage_driver="secret"), 600, revision=3),
    Uninstall("r", "ns", KUBE, 600, ignore_not_found=True),
    Status("r", "ns", KUBE),
    History("r", "ns", KUBE),
]


def test_every_operation_has_a_request_type_and_each_round_trips_through_json() -> None:
    assert {request.OPERATION for request in ONE_OF_EACH} == set(Operation) == set(REQUEST_TYPES)
    for request in ONE_OF_EACH:
        wire = json.loads(json.dumps({"op": request.OPERATION, "args": request_args(request)}))
        assert decode_request(wire["op"], wire["args"]) == request


def test_a_frame_that_fits_no_request_is_refused_before_helm_runs() -> None:
    with pytest.raises(ProtocolError, match="unknown operation 'format_disk'"):
        decode_request("format_disk", {})
    with pytest.raises(ProtocolError, match="render: the arguments do not fit"):
        decode_request("render", {"archive": "", "values": {}})  # no release, no namespace
    with pytest.raises(ProtocolError, match="600 is not a str"):
        decode_request("status", {"release": "r", "namespace": 600, "kube": {}})


def test_a_password_never_shows_in_a_request_repr() -> None:
    assert "secret" not in repr(RepoIndex("https://charts.example", "user", "secret"))
