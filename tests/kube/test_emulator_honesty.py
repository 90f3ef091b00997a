"""Where real clients showed the emulator answering unlike an API server, it now answers like one:
field ownership and apply conflicts, protobuf bodies of every kind, the server's own creation
timestamps, strict field validation, and strategic-merge directives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import yaml

from tests.kube_emulator import KubeEmulator

NS = "honest"
PROTOBUF = {"content-type": "application/vnd.kubernetes.protobuf"}
APPLY = {"content-type": "application/apply-patch+yaml"}
DEPLOYMENTS = f"/apis/apps/v1/namespaces/{NS}/deployments"


def _client(emulator: KubeEmulator) -> httpx.Client:
    emulator.controller.create_namespace(NS)
    return httpx.Client(base_url=emulator.url, timeout=5)


# ----- protobuf, written the way client-go's encoder writes it ------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = b""
    while value > 0x7F:
        out += bytes([value & 0x7F | 0x80])
        value >>= 7
    return out + bytes([value])


def _bytes(number: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _int(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _entry(number: int, key: str, value: str) -> bytes:
    return _bytes(number, _bytes(1, key) + _bytes(2, value))


def _meta(name: str, **labels: str) -> bytes:
    # Go writes every non-pointer field: empty strings, zero generation, an empty timestamp.
    empty = b"".join(_bytes(n, "") for n in (2, 3, 4, 5, 6))
    return (
        _bytes(1, name)
        + empty
        + _int(7, 0)
        + _bytes(8, b"")
        + b"".join(_entry(11, k, v) for k, v in labels.items())
    )


def _envelope(api_version: str, kind: str, message: bytes) -> bytes:
    return b"k8s\x00" + _bytes(1, _bytes(1, api_version) + _bytes(2, kind)) + _bytes(2, message)


def _kubectl_create_deployment() -> bytes:
    """`kubectl create deployment web --image=nginx --replicas=0`, field for field."""
    container = _bytes(1, "nginx") + _bytes(2, "nginx") + _bytes(8, b"") + _bytes(13, "")
    pod_spec = _bytes(2, container) + _bytes(3, "")
    template = _bytes(1, _meta("", app="web")) + _bytes(2, pod_spec)
    selector = _entry(1, "app", "web")
    spec = (
        _int(1, 0)  # replicas is a pointer: 0 was asked for and must be kept
        + _bytes(2, selector)
        + _bytes(3, template)
        + _bytes(4, b"")
        + _int(5, 0)
        + _int(7, 0)
    )
    status = b"".join(_int(n, 0) for n in (1, 2, 3, 4, 5, 7))
    message = _bytes(1, _meta("web", app="web")) + _bytes(2, spec) + _bytes(3, status)
    return _envelope("apps/v1", "Deployment", message)


def test_protobuf_bodies_of_kinds_beyond_helms_storage_are_decoded(
    kube_emulator: KubeEmulator,
) -> None:
    namespace = _envelope("v1", "Namespace", _bytes(1, _meta("made-by-kubectl")) + _bytes(2, b""))
    with _client(kube_emulator) as http:
        created_ns = http.post("/api/v1/namespaces", content=namespace, headers=PROTOBUF)
        created = http.post(DEPLOYMENTS, content=_kubectl_create_deployment(), headers=PROTOBUF)

    assert created_ns.status_code == 201, created_ns.text
    assert created_ns.json()["metadata"]["name"] == "made-by-kubectl"
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["metadata"]["labels"] == {"app": "web"}
    assert "generateName" not in body["metadata"]  # Go's JSON leaves empty strings out
    assert body["spec"]["replicas"] == 0
    assert body["spec"]["selector"] == {"matchLabels": {"app": "web"}}
    assert body["spec"]["strategy"] == {}
    assert body["spec"]["template"]["spec"]["containers"] == [
        {"name": "nginx", "image": "nginx", "resources": {}}
    ]


def test_a_protobuf_field_the_emulator_does_not_know_is_refused_by_name(
    kube_emulator: KubeEmulator,
) -> None:
    namespace = _envelope("v1", "Namespace", _bytes(1, _meta("x") + _bytes(99, "?")))
    with _client(kube_emulator) as http:
        refused = http.post("/api/v1/namespaces", content=namespace, headers=PROTOBUF)
    assert refused.status_code == 415
    assert "field 99 of ObjectMeta" in refused.json()["message"]


# ----- the server's own fields ----------------------------------------------------------------


def test_the_server_stamps_creation_timestamps_itself(kube_emulator: KubeEmulator) -> None:
    sent = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "old", "creationTimestamp": "2001-01-01T00:00:00Z"},
    }
    with _client(kube_emulator) as http:
        created = http.post(f"/api/v1/namespaces/{NS}/configmaps", json=sent).json()
    stamped = datetime.fromisoformat(created["metadata"]["creationTimestamp"])
    assert datetime.now(UTC) - stamped < timedelta(minutes=5)


# ----- fieldValidation ------------------------------------------------------------------------


def _deployment(**spec: Any) -> dict[str, Any]:
    labels = {"app": "web"}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": "web", "image": "nginx:1"}]},
            },
            **spec,
        },
    }


def test_unknown_fields_are_refused_when_strict_and_dropped_otherwise(
    kube_emulator: KubeEmulator,
) -> None:
    typo = _deployment(replicass=3)
    with _client(kube_emulator) as http:
        strict = http.post(f"{DEPLOYMENTS}?fieldValidation=Strict", json=typo)
        applied = http.patch(
            f"{DEPLOYMENTS}/web?fieldManager=helm&fieldValidation=Strict",
            content=yaml.safe_dump(typo),
            headers=APPLY,
        )
        lenient = http.post(DEPLOYMENTS, json=typo)

    assert strict.status_code == 400
    assert 'strict decoding error: unknown field "spec.replicass"' in strict.json()["message"]
    assert applied.status_code == 400
    assert ".spec.replicass: field not declared in schema" in applied.json()["message"]
    assert lenient.status_code == 201 and "replicass" not in lenient.json()["spec"]


# ----- strategic merge directives ------------------------------------------------------------


def test_strategic_merge_directives_are_obeyed_and_not_stored(
    kube_emulator: KubeEmulator,
) -> None:
    two = _deployment()
    two["spec"]["template"]["spec"]["containers"] = [
        {"name": "a", "image": "a:1", "args": ["--x", "--y"]},
        {"name": "b", "image": "b:1"},
    ]
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
                    "containers": [{"name": "a", "$deleteFromPrimitiveList/args": ["--x"]}],
                }
            }
        }
    }
    with _client(kube_emulator) as http:
        http.post(DEPLOYMENTS, json=two).raise_for_status()
        patched = http.patch(
            f"{DEPLOYMENTS}/web",
            json=patch,
            headers={"content-type": "application/strategic-merge-patch+json"},
        )
    assert patched.status_code == 200, patched.text
    containers = patched.json()["spec"]["template"]["spec"]["containers"]
    assert containers == [
        {"name": "b", "image": "b:1"},
        {"name": "a", "image": "a:1", "args": ["--y"]},
    ]
    assert "$" not in patched.text


# ----- managed fields and apply conflicts ----------------------------------------------------


def _managers(obj: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (entry["manager"], entry["operation"]): entry["fieldsV1"]
        for entry in obj["metadata"].get("managedFields", [])
    }


def test_an_apply_over_a_field_someone_else_changed_conflicts_until_forced(
    kube_emulator: KubeEmulator,
) -> None:
    ours = yaml.safe_dump(_deployment(replicas=1))
    with _client(kube_emulator) as http:
        http.patch(f"{DEPLOYMENTS}/web?fieldManager=helm", content=ours, headers=APPLY)
        edited = http.patch(
            f"{DEPLOYMENTS}/web?fieldManager=kubectl-edit",
            json={"spec": {"replicas": 3}},
            headers={"content-type": "application/strategic-merge-patch+json"},
        ).json()
        refused = http.patch(f"{DEPLOYMENTS}/web?fieldManager=helm", content=ours, headers=APPLY)
        forced = http.patch(
            f"{DEPLOYMENTS}/web?fieldManager=helm&force=true", content=ours, headers=APPLY
        )

    owners = _managers(edited)
    assert owners[("kubectl-edit", "Update")] == {"f:spec": {"f:replicas": {}}}
    assert "f:replicas" not in owners[("helm", "Apply")]["f:spec"]
    assert refused.status_code == 409
    status = refused.json()
    assert status["reason"] == "Conflict"
    assert status["message"] == (
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas'
    )
    assert status["details"]["causes"] == [
        {
            "reason": "FieldManagerConflict",
            "message": 'conflict with "kubectl-edit" using apps/v1',
            "field": ".spec.replicas",
        }
    ]
    assert forced.status_code == 200
    assert forced.json()["spec"]["replicas"] == 1
    assert ("kubectl-edit", "Update") not in _managers(forced.json())


def test_an_apply_keeps_fields_another_manager_co_owns(kube_emulator: KubeEmulator) -> None:
    url = f"/api/v1/namespaces/{NS}/configmaps/conf"

    def config_map(**data: str) -> str:
        return yaml.safe_dump(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "conf"}, "data": data}
        )

    with _client(kube_emulator) as http:
        http.patch(f"{url}?fieldManager=a", content=config_map(x="1", y="2"), headers=APPLY)
        shared = http.patch(f"{url}?fieldManager=b", content=config_map(y="2"), headers=APPLY)
        after = http.patch(f"{url}?fieldManager=a", content=config_map(x="1"), headers=APPLY)
        alone = http.patch(f"{url}?fieldManager=b", content=config_map(), headers=APPLY)

    assert shared.status_code == 200  # the same value: shared, not a conflict
    assert after.json()["data"] == {"x": "1", "y": "2"}  # b still owns y
    assert alone.json()["data"] == {"x": "1"}  # nobody owns y any more
