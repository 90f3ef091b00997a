"""The real kubectl and helm, against the emulator: a release the engine installed looks right to
them, their own everyday commands work, and what they change is respected by the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from backend.models import JobStatus
from backend.models.preflight import PreflightStatus
from tests.engine.conftest import NAME, NAMESPACE, Deployment
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.preflight.conftest import SPARK_PULSAR, args_for, by_name
from tests.real_clients.clients import MISSING, RealClients, clients_folder

pytestmark = [pytest.mark.slow, pytest.mark.skipif(clients_folder() is None, reason=MISSING)]
# `kubectl edit` runs $KUBE_EDITOR on a temporary file holding the object's YAML.
SCALE_TO_2 = "sed -i -e 's/^  replicas: 1$/  replicas: 2/'"


def _names(listing: str) -> list[str]:
    return sorted(item["metadata"]["name"] for item in json.loads(listing)["items"])


async def test_a_release_installed_by_the_engine_looks_right_to_kubectl_and_helm(
    deployment: Deployment, clients: RealClients
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))
    assert job.status is JobStatus.SUCCESS, job.states

    (listed,) = json.loads(await clients.run("helm", "list", "-n", NAMESPACE, "-o", "json"))
    assert (listed["name"], listed["namespace"], listed["revision"]) == (NAME, NAMESPACE, "1")
    assert (listed["status"], listed["chart"]) == ("deployed", "fate-v2.0.0")
    ours = await clients.run(
        "helm", "list", "-n", NAMESPACE, "-o", "json",
        "--selector", f"kubefate-tui/cluster-uuid={job.cluster_id}",
    )  # fmt: skip
    assert [release["name"] for release in json.loads(ours)] == [NAME]
    values = json.loads(
        await clients.run("helm", "get", "values", NAME, "-n", NAMESPACE, "-o", "json")
    )
    assert (values["partyId"], values["partyName"], values["logLevel"]) == (9999, NAME, "INFO")
    assert values["modules"]["python"] == {"include": True}

    selector = ["-n", NAMESPACE, "-l", f"name={NAME}", "-o", "json"]
    assert _names(await clients.run("kubectl", "get", "deploy", *selector)) == ["fateboard"]
    assert _names(await clients.run("kubectl", "get", "sts", *selector)) == ["mysql", "python"]
    python = json.loads(
        await clients.run(
            "kubectl",
            "get",
            "sts",
            "python",
            "-n",
            NAMESPACE,
            "-o",
            "json",
            "--show-managed-fields",
        )
    )
    assert {entry["manager"] for entry in python["metadata"]["managedFields"]} == {"kubefate-tui"}


async def test_an_update_after_kubectl_edit_takes_the_field_back(
    deployment: Deployment, clients: RealClients
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    installed = await deployment.finished(
        await deployment.backend.install_cluster(deployment.args())
    )
    assert installed.status is JobStatus.SUCCESS, installed.states
    await clients.run("kubectl", "edit", "sts", "python", "-n", NAMESPACE, editor=SCALE_TO_2)
    replicas = ["get", "sts", "python", "-n", NAMESPACE, "-o", "jsonpath={.spec.replicas}"]
    assert await clients.run("kubectl", *replicas) == "2"

    job = await deployment.finished(
        await deployment.backend.update_cluster(deployment.args(python="{logLevel: DEBUG}"))
    )
    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states is not None
    assert 'conflict with "kubectl-edit" using apps/v1: .spec.replicas' in job.states[0]
    assert await clients.run("kubectl", *replicas) == "1"
    history = json.loads(await clients.run("helm", "history", NAME, "-n", NAMESPACE, "-o", "json"))
    # The refused upgrade stays in Helm's history, saying why; the forced one is deployed.
    assert [(entry["revision"], entry["status"]) for entry in history] == [
        (1, "superseded"),
        (2, "failed"),
        (3, "deployed"),
    ]
    assert "kubectl-edit" in history[1]["description"]


async def test_a_release_made_with_the_helm_cli_is_left_to_it(
    deployment: Deployment, clients: RealClients, tmp_path: Path
) -> None:
    chart = tmp_path / "fate-v2.0.0.tgz"
    chart.write_bytes(mini_fate_chart())
    await clients.run(
        "helm", "install", NAME, str(chart), "-n", NAMESPACE,
        "--set", "partyId=1", "--set", "modules.python.include=true",
    )  # fmt: skip

    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))
    assert job.status is JobStatus.FAILED and job.states is not None
    assert "installed outside kubefate-tui" in job.states[-1]
    (listed,) = json.loads(await clients.run("helm", "list", "-n", NAMESPACE, "-o", "json"))
    assert (listed["name"], listed["revision"], listed["status"]) == (NAME, "1", "deployed")
    env = await clients.run(
        "kubectl", "get", "sts", "python", "-n", NAMESPACE,
        "-o", "jsonpath={.spec.template.spec.containers[0].env[0].value}",
    )  # fmt: skip
    assert env == "1"


async def test_everyday_kubectl_commands_work_against_the_emulator(
    kube_emulator: KubeEmulator, clients: RealClients, tmp_path: Path
) -> None:
    manifest = tmp_path / "settings.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: x\n"
        "data:\n  partyId: '9999'\n"
    )
    await clients.run("kubectl", "create", "ns", "x")
    await clients.run("kubectl", "create", "deployment", "web", "--image=nginx:1", "-n", "x")
    await clients.run("kubectl", "apply", "-f", str(manifest))
    await clients.run("kubectl", "apply", "--server-side", "-f", str(manifest))
    await clients.run("kubectl", "edit", "deploy", "web", "-n", "x", editor=SCALE_TO_2)
    await clients.run("kubectl", "patch", "cm", "settings", "-n", "x", "-p", '{"data":{"b":"2"}}')

    web = yaml.safe_load(
        await clients.run("kubectl", "get", "deploy", "web", "-n", "x", "-o", "yaml")
    )
    assert web["spec"]["replicas"] == 2
    assert web["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1"
    assert "$setElementOrder/containers" not in json.dumps(web)
    settings = yaml.safe_load(
        await clients.run("kubectl", "get", "cm", "settings", "-n", "x", "-o", "yaml")
    )
    assert settings["data"] == {"partyId": "9999", "b": "2"}
    await clients.run("kubectl", "delete", "ns", "x")
    assert kube_emulator.controller.get("Deployment", "x", "web") is None


async def test_what_kubectl_creates_is_what_preflight_finds(
    deployment: Deployment, clients: RealClients, tmp_path: Path
) -> None:
    classes = tmp_path / "classes.yaml"
    classes.write_text(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n"
        "  annotations:\n    storageclass.kubernetes.io/is-default-class: 'true'\n"
        "provisioner: rancher.io/local-path\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n"
        "spec:\n  controller: k8s.io/ingress-nginx\n"
    )
    await clients.run("kubectl", "apply", "-f", str(classes))
    await clients.run(
        "kubectl", "create", "secret", "docker-registry", "myregistrykey", "-n", NAMESPACE,
        "--docker-server=registry.example.com", "--docker-username=u", "--docker-password=p",
    )  # fmt: skip
    await clients.run("kubectl", "create", "ns", "web")
    await clients.run(
        "kubectl", "create", "service", "nodeport", "shop", "-n", "web",
        "--tcp=80:8080", "--node-port=30093",
    )  # fmt: skip
    listed = await clients.run("kubectl", "get", "storageclass", "-o", "json")
    assert _names(listed) == ["standard"]

    text = SPARK_PULSAR.replace("persistence: false", "persistence: true")
    checks = by_name(await deployment.backend.preflight(args_for(text)))
    assert checks["default storage class"].status is PreflightStatus.PASS
    assert checks["ingress class nginx"].status is PreflightStatus.PASS
    assert checks["pull secret myregistrykey"].status is PreflightStatus.PASS
    assert checks["NodePort 30093"].status is PreflightStatus.FAIL
    assert "Service web/shop" in checks["NodePort 30093"].reason
    assert checks["NodePort 30094"].status is PreflightStatus.PASS
