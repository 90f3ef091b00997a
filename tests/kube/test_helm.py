"""Helm 4 (helm-python-sdk, in a child process) runs a release lifecycle against the emulator.

This pins down what the Helm engine can rely on: secret storage (protobuf bodies decoded by
the emulator), server-side apply, OpenAPI v3 field-validation discovery, `wait="watcher"`
(WatchList: sendInitialEvents + bookmarks) with the controller marking workloads ready.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.kube_emulator import KubeEmulator

DRIVER = Path(__file__).with_name("helm_driver.py")
RELEASE = "tiny"
NAMESPACE = "demo"

CHART_YAML = "apiVersion: v2\nname: tiny\nversion: 0.1.0\nappVersion: '1.0'\n"
VALUES_YAML = "image: nginx:1.27\nreplicas: 1\nmessage: hello\n"
TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  labels: {name: {{ .Release.Name }}}
data:
  message: {{ .Values.message | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels: {name: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {name: {{ .Release.Name }}, app: web}
  template:
    metadata:
      labels: {name: {{ .Release.Name }}, app: web}
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
  labels: {name: {{ .Release.Name }}}
spec:
  type: NodePort
  selector: {name: {{ .Release.Name }}, app: web}
  ports:
    - {name: http, port: 80, targetPort: 80}
"""


def build_chart(directory: Path) -> Path:
    (directory / "templates").mkdir(parents=True)
    (directory / "Chart.yaml").write_text(CHART_YAML)
    (directory / "values.yaml").write_text(VALUES_YAML)
    (directory / "templates" / "all.yaml").write_text(TEMPLATE)
    return directory


async def run_helm(
    kubeconfig: Path, steps: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    plan = {
        "config": {
            "kubeconfig_path": str(kubeconfig),
            "kube_context": "emulator",
            "namespace": NAMESPACE,
            "storage_driver": "secret",
        },
        "steps": steps,
    }
    process = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(DRIVER), json.dumps(plan)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
    results = [json.loads(line) for line in process.stdout.splitlines()]
    assert [r["action"] for r in results] == [s[0] for s in steps], process.stderr
    for result in results:
        assert result["ok"], f"{result}\n{process.stderr}"
    return results


def release_secrets(emulator: KubeEmulator) -> dict[str, dict[str, Any]]:
    return {
        s["metadata"]["name"]: s
        for s in emulator.controller.list_objects("Secret", NAMESPACE)
        if s["metadata"].get("labels", {}).get("owner") == "helm"
    }


def decode_release(secret: dict[str, Any]) -> dict[str, Any]:
    # Helm stores base64(gzip(json)) in data.release, and the Secret's data is base64 again.
    once = base64.b64decode(secret["data"]["release"])
    decoded: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(once)))
    return decoded


@pytest.mark.slow
async def test_helm_release_lifecycle(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    control.auto_ready(delay_ms=50)
    chart = str(build_chart(tmp_path / "tiny"))
    waited = {"wait": "watcher", "timeout": 30}
    results = await run_helm(
        kubeconfig,
        [
            ("install", {"chart": chart, "name": RELEASE, "values": {"message": "one"}, **waited}),
            ("list", {}),
            ("status", {"name": RELEASE}),
            (
                "upgrade",
                {
                    "chart": chart,
                    "name": RELEASE,
                    "values": {"message": "two", "image": "nginx:1.28"},
                    **waited,
                },
            ),
            ("history", {"name": RELEASE}),
            ("rollback", {"name": RELEASE, "version": 1, **waited}),
            ("status", {"name": RELEASE}),
        ],
    )
    installed, listed, status, upgraded, history, _rollback, final = (r["result"] for r in results)
    assert installed["status"] == "deployed" and installed["revision"] == 1
    assert [(r["name"], r["namespace"]) for r in listed] == [(RELEASE, NAMESPACE)]
    assert status["revision"] == 1
    assert upgraded["revision"] == 2
    assert [(h["revision"], h["status"]) for h in history] == [(1, "superseded"), (2, "deployed")]
    assert final["revision"] == 3 and final["status"] == "deployed"

    secrets = release_secrets(kube_emulator)
    assert sorted(secrets) == [f"sh.helm.release.v1.{RELEASE}.v{n}" for n in (1, 2, 3)]
    latest = secrets[f"sh.helm.release.v1.{RELEASE}.v3"]
    assert latest["type"] == "helm.sh/release.v1"
    assert latest["metadata"]["labels"] | {"modifiedAt": ""} == {
        "name": RELEASE,
        "owner": "helm",
        "status": "deployed",
        "version": "3",
        "modifiedAt": "",
    }
    assert decode_release(latest)["name"] == RELEASE
    config_map = control.get("ConfigMap", NAMESPACE, f"{RELEASE}-config")
    assert config_map is not None and config_map["data"] == {"message": "one"}  # rolled back
    web = control.get("Deployment", NAMESPACE, f"{RELEASE}-web")
    assert web is not None
    assert web["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert control.get("Service", NAMESPACE, f"{RELEASE}-web") is not None

    await run_helm(
        kubeconfig,
        [("uninstall", {"name": RELEASE, "wait": "watcher", "timeout": 30}), ("list", {})],
    )
    assert release_secrets(kube_emulator) == {}
    assert control.get("Deployment", NAMESPACE, f"{RELEASE}-web") is None
    assert control.list_objects("Pod", NAMESPACE) == []


@pytest.mark.slow
async def test_helm_wait_times_out_when_nothing_becomes_ready(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    chart = str(build_chart(tmp_path / "tiny"))
    plan_steps: list[tuple[str, dict[str, Any]]] = [
        ("install", {"chart": chart, "name": RELEASE, "wait": "watcher", "timeout": 2}),
        ("status", {"name": RELEASE}),
    ]
    plan = {
        "config": {"kubeconfig_path": str(kubeconfig), "namespace": NAMESPACE},
        "steps": plan_steps,
    }
    process = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(DRIVER), json.dumps(plan)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    install, status = (json.loads(line) for line in process.stdout.splitlines())
    assert not install["ok"]
    assert install["error_type"] == "HelmCancelledError"
    assert "not ready" in install["error"]
    assert status["result"]["status"] == "failed"
