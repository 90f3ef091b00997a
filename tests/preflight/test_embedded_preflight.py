"""Pre-flight of the embedded backend against the Kubernetes emulator, over real HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import ClusterArgs, JobStatus
from backend.models.preflight import PreflightStatus
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options
from tests.preflight.conftest import (
    NAME,
    NAMESPACE,
    SPARK_PULSAR,
    args_for,
    by_name,
    ingress_class,
    node_port_service,
    pull_secret,
    storage_class,
)

PASS, FAIL, UNKNOWN = PreflightStatus.PASS, PreflightStatus.FAIL, PreflightStatus.UNKNOWN
SPARK_PULSAR_PORTS = (30097, 30092, 30093, 30098, 30094, 30099)


def _ready_cluster(emulator: KubeEmulator) -> None:
    """What the Spark+Pulsar example needs that a fresh cluster lacks."""
    emulator.controller.put(ingress_class("nginx"))
    emulator.controller.put(pull_secret("myregistrykey"))


async def test_a_ready_cluster_passes_every_check_in_order(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    checks = await backend.preflight(args_for(SPARK_PULSAR))
    assert [check.name for check in checks] == [
        "namespace fate-9999",
        "chart fate v2.0.0",
        "ingress class nginx",
        *(f"NodePort {port}" for port in SPARK_PULSAR_PORTS),
        "pull secret myregistrykey",
    ]
    assert [check for check in checks if check.status is not PASS] == []
    assert by_name(checks)["chart fate v2.0.0"].reason == "bundled with kubefate-tui"
    assert by_name(checks)["NodePort 30093"].reason == "free (nginx.httpNodePort)"


async def test_a_node_port_held_by_another_namespace_fails_naming_the_service(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    kube_emulator.controller.create_namespace("web")
    kube_emulator.controller.put(node_port_service("web", "shop", 30093))
    check = by_name(await backend.preflight(args_for(SPARK_PULSAR)))["NodePort 30093"]
    assert check.status is FAIL
    assert "already used by Service web/shop" in check.reason
    assert "nginx.httpNodePort" in check.reason and "30000-32767" in check.reason


async def test_a_service_of_this_same_release_keeps_its_ports_another_release_does_not(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    helm = "meta.helm.sh/release-name"
    own = {helm: NAME, "meta.helm.sh/release-namespace": NAMESPACE}
    kube_emulator.controller.put(node_port_service(NAMESPACE, "nginx", 30093, **own))
    other = {helm: "fate-10000", "meta.helm.sh/release-namespace": NAMESPACE}
    kube_emulator.controller.put(node_port_service(NAMESPACE, "pulsar", 30094, **other))
    checks = by_name(await backend.preflight(args_for(SPARK_PULSAR)))
    assert checks["NodePort 30093"].status is PASS  # an update keeps its own port
    assert checks["NodePort 30094"].status is FAIL
    assert f"Service {NAMESPACE}/pulsar" in checks["NodePort 30094"].reason


async def test_two_keys_asking_for_one_node_port_fail(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    text = SPARK_PULSAR.replace("httpsNodePort: 30099", "httpsNodePort: 30094")
    check = by_name(await backend.preflight(args_for(text)))["NodePort 30094"]
    assert check.status is FAIL
    assert "pulsar.httpNodePort, pulsar.httpsNodePort" in check.reason


async def test_storage_classes_missing_or_without_a_default_fail_and_say_which_exist(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    kube_emulator.controller.put(storage_class("standard"))
    text = SPARK_PULSAR.replace("persistence: false", "persistence: true") + (
        "\nmysql:\n  storageClass: fast\n"
    )
    checks = by_name(await backend.preflight(args_for(text)))
    fast = checks["storage class fast"]
    assert fast.status is FAIL
    assert "no storage class 'fast' (asked for by mysql.storageClass)" in fast.reason
    assert "use one of standard" in fast.reason
    # The chart's own defaults: a written python or client section names a class after it.
    assert checks["storage class python"].status is FAIL
    default = checks["default storage class"]  # pulsar and hdfs name no class
    assert default.status is FAIL and "no default storage class" in default.reason
    assert "pulsar.storageClass, hdfs.namenode.storageClass" in default.reason

    for name in ("fast", "python", "client"):
        kube_emulator.controller.put(storage_class(name))
    kube_emulator.controller.put(storage_class("standard", default=True))
    checks = by_name(await backend.preflight(args_for(text)))
    assert checks["storage class fast"].status is PASS
    assert checks["default storage class"].status is PASS
    assert checks["default storage class"].reason.startswith("the default is standard")


async def test_a_missing_ingress_class_or_pull_secret_fails(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    kube_emulator.controller.put(ingress_class("traefik"))
    checks = by_name(await backend.preflight(args_for(SPARK_PULSAR)))
    assert checks["ingress class nginx"].status is FAIL
    assert "use one of traefik" in checks["ingress class nginx"].reason
    secret = checks["pull secret myregistrykey"]
    assert secret.status is FAIL
    assert "kubectl create secret docker-registry myregistrykey -n fate-9999" in secret.reason


async def test_forbidden_reads_are_unknown_with_the_reason(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    controller = kube_emulator.controller
    controller.deny("list", "storageclasses")
    controller.deny("list", "ingressclasses")
    controller.deny("list", "services")
    controller.deny("get", "secrets")
    controller.deny("get", "namespaces")
    text = SPARK_PULSAR.replace("persistence: false", "persistence: true")
    checks = by_name(await backend.preflight(args_for(text)))
    assert checks["namespace fate-9999"].reason == "no permission to read namespaces (403)"
    assert checks["default storage class"].reason == "no permission to list storage classes (403)"
    assert checks["ingress class nginx"].reason == "no permission to list ingress classes (403)"
    assert checks["NodePort 30097"].reason == (
        "no permission to list Services in every namespace (403)"
    )
    assert checks["pull secret myregistrykey"].reason == (
        "no permission to read Secrets in fate-9999 (403)"
    )
    assert {check.status for name, check in checks.items() if not name.startswith("chart")} == {
        UNKNOWN
    }


async def test_a_missing_namespace_will_be_created_and_its_secrets_are_unknown(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    kube_emulator.controller.put(pull_secret("myregistrykey"))  # in fate-9999, not fate-10000
    text = SPARK_PULSAR.replace("fate-9999", "fate-10000")
    args = ClusterArgs("fate-10000", "fate-10000", "fate", "v2.0.0", data=text.encode())
    checks = by_name(await backend.preflight(args))
    namespace = checks["namespace fate-10000"]
    assert (namespace.status, namespace.reason) == (PASS, "does not exist yet; it will be created")
    secret = checks["pull secret myregistrykey"]
    assert secret.status is UNKNOWN
    assert "namespace fate-10000 does not exist yet" in secret.reason


async def test_a_chart_nobody_has_fails_saying_upload_it(backend: EmbeddedBackend) -> None:
    text = SPARK_PULSAR.replace("chartVersion: v2.0.0", "chartVersion: v2.9.0")
    check = by_name(await backend.preflight(args_for(text, version="v2.9.0")))["chart fate v2.9.0"]
    assert check.status is FAIL
    assert check.reason.endswith("upload it (Charts, u)")


async def test_without_a_kubernetes_cluster_every_cluster_check_is_unknown(
    tmp_path: Path,
) -> None:
    # offline_options: a kubeconfig path that does not exist, and no charts at all.
    backend = EmbeddedBackend(offline_options(tmp_path / "kubefate.db"))
    await backend.start()
    try:
        checks = await backend.preflight(args_for(SPARK_PULSAR))
    finally:
        await backend.close()
    chart = by_name(checks)["chart fate v2.0.0"]
    assert chart.status is FAIL  # the registry still answers
    others = [check for check in checks if check is not chart]
    assert len(others) == 1 + 1 + len(SPARK_PULSAR_PORTS) + 1
    assert {check.status for check in others} == {UNKNOWN}
    assert all(check.reason.startswith("no Kubernetes cluster to ask:") for check in others)


async def test_read_only_console_cannot_create_the_namespace(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    options = offline_options(
        tmp_path / "kubefate.db", kube=KubeSettings(kubeconfig=kubeconfig), read_only=True
    )
    backend = EmbeddedBackend(options)
    await backend.start()
    try:
        checks = by_name(await backend.preflight(args_for(SPARK_PULSAR)))
    finally:
        await backend.close()
    assert checks[f"namespace {NAMESPACE}"].status is FAIL
    assert "kubectl create namespace fate-9999" in checks[f"namespace {NAMESPACE}"].reason


async def test_a_namespace_or_chart_left_empty_fails_without_asking(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    args = ClusterArgs("fate-9999", "", "fate", "v2.0.0", data=SPARK_PULSAR.encode())
    namespace, *_, secret = await backend.preflight(args)
    assert namespace.status is FAIL and "is not a valid name" in namespace.reason
    assert (secret.status, secret.reason) == (UNKNOWN, "the namespace is not a valid name")
    no_chart = ClusterArgs("fate-9999", "fate-9999", "", "", data=SPARK_PULSAR.encode())
    chart = (await backend.preflight(no_chart))[1]
    assert chart.status is FAIL and chart.reason == "chartName and chartVersion must both be set"


async def test_what_preflight_fails_an_install_would_hit(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    _ready_cluster(kube_emulator)
    kube_emulator.controller.create_namespace("web")
    kube_emulator.controller.put(node_port_service("web", "shop", 30093))
    assert by_name(await backend.preflight(args_for(SPARK_PULSAR)))["NodePort 30093"].status is FAIL

    job = await backend.install_cluster(args_for(SPARK_PULSAR))
    await asyncio.wait_for(backend.engine.wait_idle(), 60)
    failed = await backend.get_job(job.uuid)
    assert failed.status is JobStatus.FAILED
    assert "30093: provided port is already allocated" in " ".join(failed.states or ())
