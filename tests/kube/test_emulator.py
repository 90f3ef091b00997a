"""The emulator speaks enough Kubernetes for the official client, Helm and our adapter."""

from __future__ import annotations

import importlib
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.kube.workloads_factory import NAMESPACE, deployment
from tests.kube_emulator import KubeEmulator
from tests.kube_emulator.protobuf import decode_protobuf


def _client(emulator: KubeEmulator) -> httpx.Client:
    return httpx.Client(base_url=emulator.url, timeout=5)


@pytest.mark.parametrize(
    "path",
    [
        "/version",
        "/version/",
        "/api",
        "/api/",
        "/apis",
        "/apis/",
        "/api/v1",
        "/api/v1/",
        "/apis/apps/v1",
        "/apis/networking.k8s.io/v1/",
        "/apis/batch/v1",
        "/apis/rbac.authorization.k8s.io/v1",
        "/apis/policy/v1",
        "/apis/storage.k8s.io/v1",
        "/openapi/v3",
    ],
)
async def test_discovery_with_and_without_trailing_slash(
    kube_emulator: KubeEmulator, path: str
) -> None:
    with _client(kube_emulator) as http:
        response = http.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"


async def test_discovery_documents_are_what_clients_expect(kube_emulator: KubeEmulator) -> None:
    with _client(kube_emulator) as http:
        api = http.get("/api").json()
        core = http.get("/api/v1").json()
        apps = http.get("/apis/apps/v1").json()
    assert api["serverAddressByClientCIDRs"]  # kubernetes 37's strict model requires it
    assert core["groupVersion"] == "v1"
    assert apps["groupVersion"] == "apps/v1"
    names = {r["name"] for r in core["resources"]}
    assert {"namespaces", "nodes", "pods", "pods/log", "secrets", "events"} <= names
    assert {"deployments", "deployments/status", "statefulsets/status"} <= {
        r["name"] for r in apps["resources"]
    }


async def test_crud_kinds_codes_and_status_errors(kube_emulator: KubeEmulator) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    base = f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments"
    with _client(kube_emulator) as http:
        created = http.post(base, json=deployment("python"))
        assert created.status_code == 201
        assert created.json()["kind"] == "Deployment"
        assert created.json()["metadata"]["generation"] == 1
        again = http.post(base, json=deployment("python"))
        assert again.status_code == 409
        assert again.json() | {"details": None} == {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": 'deployments.apps "python" already exists',
            "reason": "AlreadyExists",
            "code": 409,
            "details": None,
        }
        listed = http.get(base).json()
        assert (listed["kind"], listed["apiVersion"]) == ("DeploymentList", "apps/v1")
        assert "kind" not in listed["items"][0]  # as the real API: items carry no TypeMeta
        body = created.json()
        body["spec"]["replicas"] = 3
        replaced = http.put(f"{base}/python", json=body)
        assert replaced.json()["metadata"]["generation"] == 2
        stale = http.put(f"{base}/python", json=body)  # resourceVersion is now old
        assert stale.status_code == 409 and stale.json()["reason"] == "Conflict"
        missing = http.get(f"{base}/nope")
        assert missing.status_code == 404
        assert missing.json()["message"] == 'deployments.apps "nope" not found'
        gone = http.delete(f"{base}/python")
        assert gone.json()["status"] == "Success"
        for name in ("a", "b"):
            http.post(base, json=deployment(name))
        swept = http.delete(base, params={"labelSelector": "fateMoudle=a"}).json()
        assert [i["metadata"]["name"] for i in swept["items"]] == ["a"]
        assert [i["metadata"]["name"] for i in http.get(base).json()["items"]] == ["b"]
        assert (
            http.post(
                "/api/v1/namespaces/nowhere/configmaps", json={"metadata": {"name": "x"}}
            ).status_code
            == 404
        )


async def test_patch_flavours_and_status_subresource(kube_emulator: KubeEmulator) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    base = f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments"
    kube_emulator.controller.put(deployment("python"))
    with _client(kube_emulator) as http:
        merged = http.patch(
            f"{base}/python",
            json={"metadata": {"labels": {"x": "1"}}},
            headers={"content-type": "application/merge-patch+json"},
        ).json()
        assert merged["metadata"]["labels"]["x"] == "1"
        strategic = http.patch(
            f"{base}/python",
            json={
                "spec": {
                    "template": {"spec": {"containers": [{"name": "python", "image": "new:1"}]}}
                }
            },
            headers={"content-type": "application/strategic-merge-patch+json"},
        ).json()
        assert strategic["spec"]["template"]["spec"]["containers"][0]["image"] == "new:1"
        patched = http.patch(
            f"{base}/python",
            content=json.dumps([{"op": "replace", "path": "/spec/replicas", "value": 2}]),
            headers={"content-type": "application/json-patch+json"},
        ).json()
        assert patched["spec"]["replicas"] == 2
        status = http.patch(
            f"{base}/python/status",
            json={"status": {"readyReplicas": 2}},
            headers={"content-type": "application/merge-patch+json"},
        ).json()
        assert status["status"]["readyReplicas"] == 2
        assert status["spec"]["replicas"] == 2
        ignored = http.patch(
            f"{base}/python",
            json={"status": {"readyReplicas": 0}},
            headers={"content-type": "application/merge-patch+json"},
        ).json()
        assert ignored["status"]["readyReplicas"] == 2  # status only through /status


async def test_server_side_apply_creates_then_prunes(kube_emulator: KubeEmulator) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    url = f"/api/v1/namespaces/{NAMESPACE}/configmaps/conf?fieldManager=helm"
    headers = {"content-type": "application/apply-patch+yaml"}
    first = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: '1'\n  b: '2'\n"
    second = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: '3'\n"
    with _client(kube_emulator) as http:
        created = http.patch(url, content=first, headers=headers)
        assert created.status_code == 201
        updated = http.patch(url, content=second, headers=headers)
    assert updated.status_code == 200
    assert updated.json()["data"] == {"a": "3"}


async def test_label_and_field_selectors(kube_emulator: KubeEmulator) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    control.put(deployment("python"))
    control.put(deployment("mysql", cluster="other"))
    base = f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments"

    def names(**params: str) -> list[str]:
        with _client(kube_emulator) as http:
            items = http.get(base, params=params).json()["items"]
        return sorted(i["metadata"]["name"] for i in items)

    assert names(labelSelector="name=fate-9999") == ["python"]
    assert names(labelSelector="name!=fate-9999") == ["mysql"]
    assert names(labelSelector="name in (fate-9999,other)") == ["mysql", "python"]
    assert names(labelSelector="name notin (other)") == ["python"]
    assert names(labelSelector="fateMoudle,!nothing") == ["mysql", "python"]
    assert names(fieldSelector="metadata.name=mysql") == ["mysql"]
    control.add_event(NAMESPACE, "Pod", "python-1", "Failed", "boom")
    with _client(kube_emulator) as http:
        events = http.get(
            f"/api/v1/namespaces/{NAMESPACE}/events",
            params={"fieldSelector": "involvedObject.name=python-1,type=Warning"},
        )
    assert [e["reason"] for e in events.json()["items"]] == ["Failed"]


def _watch_lines(emulator: KubeEmulator, params: dict[str, Any]) -> list[dict[str, Any]]:
    with (
        httpx.Client(base_url=emulator.url, timeout=10) as http,
        http.stream(
            "GET", f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments", params=params
        ) as response,
    ):
        return [json.loads(line) for line in response.iter_lines() if line]


async def test_watch_replays_from_resource_version_and_times_out(
    kube_emulator: KubeEmulator,
) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    first = control.put(deployment("python"))
    control.mark_ready(NAMESPACE, "python")
    events = _watch_lines(
        kube_emulator,
        {
            "watch": "1",
            "timeoutSeconds": "1",
            "resourceVersion": first["metadata"]["resourceVersion"],
        },
    )
    assert events and all(e["type"] == "MODIFIED" for e in events)
    assert events[-1]["object"]["kind"] == "Deployment"
    initial = _watch_lines(kube_emulator, {"watch": "True", "timeoutSeconds": "1"})
    assert [e["type"] for e in initial] == ["ADDED"]


async def test_watch_streams_live_events_and_reports_410(kube_emulator: KubeEmulator) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    created = control.put(deployment("python"))
    timer = threading.Timer(0.2, lambda: control.delete("Deployment", NAMESPACE, "python"))
    timer.start()
    live = _watch_lines(
        kube_emulator,
        {
            "watch": "true",
            "timeoutSeconds": "1",
            "resourceVersion": created["metadata"]["resourceVersion"],
        },
    )
    timer.join()
    assert [e["type"] for e in live] == ["DELETED"]
    control.expire_history()
    gone = _watch_lines(
        kube_emulator, {"watch": "true", "resourceVersion": created["metadata"]["resourceVersion"]}
    )
    assert gone[0]["type"] == "ERROR" and gone[0]["object"]["code"] == 410


async def test_pod_log_endpoint(kube_emulator: KubeEmulator) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    control.put(deployment("python", containers={"python": "fateflow:2", "sidecar": "busybox"}))
    pod = control.create_pods(NAMESPACE, "python", ready=True)[0]
    control.append_log(NAMESPACE, pod, "python", "one", "two", "three")
    url = f"/api/v1/namespaces/{NAMESPACE}/pods/{pod}/log"
    with _client(kube_emulator) as http:
        ambiguous = http.get(url)
        assert ambiguous.status_code == 400
        assert "a container name must be specified" in ambiguous.json()["message"]
        assert http.get(url, params={"container": "python", "tailLines": "2"}).text == (
            "two\nthree\n"
        )
        stamped = http.get(url, params={"container": "python", "timestamps": "true"}).text
        assert stamped.splitlines()[0].endswith("Z one")
        assert http.get(url, params={"container": "python", "limitBytes": "5"}).text == "one\nt"
        assert http.get(url, params={"container": "python", "previous": "true"}).status_code == 400


async def test_protobuf_secret_is_decoded() -> None:
    # A Secret as client-go encodes it: k8s\0 + Unknown{typeMeta, raw=Secret{metadata, data}}.
    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2, len(payload)]) + payload

    entry = field(1, b"release") + field(2, b"\x1f\x8b")
    label = field(1, b"owner") + field(2, b"helm")
    meta = field(1, b"sh.helm.release.v1.x.v1") + field(11, label)
    secret = field(1, meta) + field(2, entry) + field(3, b"helm.sh/release.v1")
    envelope = b"k8s\x00" + field(1, field(1, b"v1") + field(2, b"Secret")) + field(2, secret)
    assert decode_protobuf(envelope) == {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "sh.helm.release.v1.x.v1", "labels": {"owner": "helm"}},
        "data": {"release": "H4s="},
        "type": "helm.sh/release.v1",
    }


async def test_official_sync_client_round_trip(
    kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    # Through Any: the point is the wire format the strict pydantic models accept, not typing.
    client: Any = importlib.import_module("kubernetes.client")
    config: Any = importlib.import_module("kubernetes.config")
    configuration = client.Configuration()
    config.load_kube_config(str(kubeconfig), client_configuration=configuration)
    with client.ApiClient(configuration) as api:
        core = client.CoreV1Api(api)
        core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NAMESPACE)))
        names = [n.metadata.name for n in core.list_namespace().items]
        apps = client.AppsV1Api(api)
        apps.create_namespaced_deployment(NAMESPACE, deployment("python"))
        listed = apps.list_namespaced_deployment(NAMESPACE, label_selector="name=fate-9999")
    assert NAMESPACE in names
    assert [d.metadata.name for d in listed.items] == ["python"]


async def test_faults_deny_per_user_and_fail(kube_emulator: KubeEmulator) -> None:
    token = kube_emulator.add_user("limited")
    kube_emulator.controller.deny("list", "nodes", user="limited")
    kube_emulator.controller.fail(
        "get", "namespaces", code=503, reason="ServiceUnavailable", times=1
    )
    with _client(kube_emulator) as http:
        denied = http.get("/api/v1/nodes", headers={"authorization": f"Bearer {token}"})
        assert denied.status_code == 403
        assert denied.json()["message"] == (
            'nodes is forbidden: User "limited" cannot list resource "nodes" in API group "" '
            "at the cluster scope"
        )
        assert http.get("/api/v1/nodes").status_code == 200  # anonymous is not limited
        assert http.get("/api/v1/namespaces/default").status_code == 503
        assert http.get("/api/v1/namespaces/default").status_code == 200  # times=1


async def test_controller_builds_pods_and_status(kube_emulator: KubeEmulator) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    control.put(deployment("python", replicas=2))
    control.mark_ready(NAMESPACE, "python")
    pods = control.pods_of(NAMESPACE, "python")
    assert len(pods) == 2
    assert all(p["metadata"]["labels"]["name"] == "fate-9999" for p in pods)
    assert all(p["status"]["phase"] == "Running" for p in pods)
    ready = control.get("Deployment", NAMESPACE, "python")
    assert ready is not None
    assert ready["status"]["conditions"][0]["type"] == "Available"
    control.delete("Deployment", NAMESPACE, "python")
    assert control.list_objects("Pod", NAMESPACE) == []  # garbage collected through the ReplicaSet


async def test_cluster_scoped_classes_and_services_of_every_namespace(
    kube_emulator: KubeEmulator,
) -> None:
    for namespace in ("a", "b"):
        kube_emulator.controller.create_namespace(namespace)
    with _client(kube_emulator) as http:
        made = http.post(
            "/apis/storage.k8s.io/v1/storageclasses",
            json={"metadata": {"name": "fast"}, "provisioner": "rancher.io/local-path"},
        )
        assert made.status_code == 201, made.text
        # The API server's defaults, as `kubectl get sc fast -o yaml` shows them.
        assert (made.json()["reclaimPolicy"], made.json()["volumeBindingMode"]) == (
            "Delete",
            "Immediate",
        )
        classes = http.get("/apis/storage.k8s.io/v1/storageclasses").json()
        assert classes["kind"] == "StorageClassList"
        assert [c["metadata"]["name"] for c in classes["items"]] == ["fast"]
        ingress = {"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}
        assert http.post("/apis/networking.k8s.io/v1/ingressclasses", json=ingress).is_success
        for namespace, port in (("a", 30091), ("b", 30092)):
            service = {
                "metadata": {"name": "web"},
                "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": port}]},
            }
            assert http.post(f"/api/v1/namespaces/{namespace}/services", json=service).is_success
        every = http.get("/api/v1/services").json()["items"]
    ports = {
        (s["metadata"]["namespace"], p.get("nodePort")) for s in every for p in s["spec"]["ports"]
    }
    assert {("a", 30091), ("b", 30092)} <= ports


async def test_a_node_port_is_held_by_one_service_in_the_whole_cluster(
    kube_emulator: KubeEmulator,
) -> None:
    for namespace in ("a", "b"):
        kube_emulator.controller.create_namespace(namespace)

    def service(port: int) -> dict[str, Any]:
        return {
            "metadata": {"name": "web"},
            "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": port}]},
        }

    with _client(kube_emulator) as http:
        first = http.post("/api/v1/namespaces/a/services", json=service(30091))
        assert first.status_code == 201
        taken = http.post("/api/v1/namespaces/b/services", json=service(30091))
        assert taken.status_code == 422
        assert taken.json()["message"] == (
            'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30091: '
            "provided port is already allocated"
        )
        # An update keeps its own port; the allocator skips ports already held.
        again = first.json()
        again["metadata"]["labels"] = {"x": "y"}
        assert http.put("/api/v1/namespaces/a/services/web", json=again).status_code == 200
        http.post("/api/v1/namespaces/b/services", json=service(30000)).raise_for_status()
        auto = {"metadata": {"name": "auto"}, "spec": {"type": "NodePort", "ports": [{"port": 1}]}}
        made = http.post("/api/v1/namespaces/b/services", json=auto).json()
        assert made["spec"]["ports"][0]["nodePort"] == 30001
