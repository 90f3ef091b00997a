"""The deploy preview: what an install or update would deploy, from a dry-run render with the
bundled fate chart; and pre-flight after a real install (an update keeps its own ports)."""

from __future__ import annotations

import asyncio

import pytest

from backend.embedded import EmbeddedBackend
from backend.errors import InvalidRequest
from backend.models import JobStatus
from backend.models.deploy_preview import ClaimPreview, IngressPreview, PortPreview
from backend.models.preflight import PreflightStatus
from backend.schema.cluster_needs import cluster_needs
from tests.charts.fate_renders import EXAMPLES, FATE_FILES
from tests.kube_emulator import KubeEmulator
from tests.preflight.conftest import (
    NAMESPACE,
    SPARK_PULSAR,
    args_for,
    by_name,
    ingress_class,
    pull_secret,
)
from tests.render.conftest import stored_cluster


async def test_spark_pulsar_previews_its_workloads_node_ports_and_ingresses(
    backend: EmbeddedBackend,
) -> None:
    preview = await backend.preview(args_for(SPARK_PULSAR))

    assert preview.chart == "fate v2.0.0 (bundled)"
    assert not preview.update and preview.diff_text == ""
    workloads = {(w.kind, w.name) for w in preview.workloads}
    assert {
        ("StatefulSet", "pulsar"),
        ("Deployment", "nginx"),
        ("Deployment", "spark-master"),
        ("Deployment", "spark-worker"),
    } <= workloads
    assert not {name for _, name in workloads} & {"clustermanager", "nodemanager", "osx"}
    services = {service.name: service for service in preview.services}
    assert services["nginx"].type == "NodePort"
    assert {(p.port, p.node_port) for p in services["nginx"].ports} == {
        (9300, 30093),
        (9310, 30098),
    }
    node_ports = {p.node_port for s in preview.services for p in s.ports if p.node_port}
    assert node_ports == {30097, 30092, 30093, 30098, 30094, 30099}
    assert (
        IngressPreview("fateboard", ("party9999.fateboard.example.com",), "nginx")
        in preview.ingresses
    )
    assert preview.claims == ()  # persistence: false


async def test_persistence_previews_one_claim_per_statefulset_replica(
    backend: EmbeddedBackend,
) -> None:
    text = SPARK_PULSAR.replace("persistence: false", "persistence: true") + (
        "\nmysql:\n  storageClass: fast\n  size: 5Gi\n"
    )
    preview = await backend.preview(args_for(text))
    claims = {claim.name: claim for claim in preview.claims}
    assert claims["data-mysql-0"] == ClaimPreview("data-mysql-0", "fast", "5Gi")
    assert claims["python-data-python-0"].storage_class == "python"  # the template's default
    assert claims["pulsar-data-pulsar-0"].storage_class == ""  # the cluster's default class
    assert {name for name in claims if name.startswith("dfs-datanode-")} == {
        "dfs-datanode-0",
        "dfs-datanode-1",
        "dfs-datanode-2",
    }  # three datanode replicas, a claim each


@pytest.mark.parametrize("example", FATE_FILES)
async def test_preflight_asks_for_exactly_the_storage_classes_the_chart_renders(
    backend: EmbeddedBackend, example: str
) -> None:
    """The schema's reading of persistence (cluster_needs) agrees with the bundled chart."""
    text = (EXAMPLES / example).read_text().replace("persistence: false", "persistence: true")
    if "persistence: true" not in text:
        text += "\npersistence: true\n"
    rendered = {claim.storage_class for claim in (await backend.preview(args_for(text))).claims}
    needs = cluster_needs(text, "fate", "v2.0.0").storage_classes
    assert rendered and {need.name for need in needs} == rendered


async def test_an_update_previews_the_diff_against_the_stored_cluster(
    backend: EmbeddedBackend,
) -> None:
    async with backend.store.transaction() as tx:
        await tx.clusters.insert(stored_cluster(SPARK_PULSAR))

    same = await backend.preview(args_for(SPARK_PULSAR))
    assert (same.update, same.diff_summary, same.diff_problem) == (True, "no changes", "")

    changed = await backend.preview(
        args_for(SPARK_PULSAR.replace("httpNodePort: 30093", "httpNodePort: 30193"))
    )
    assert changed.update
    assert changed.diff_summary == "1 manifest changed, 0 added, 0 removed"
    assert "-  httpNodePort: 30093\n+  httpNodePort: 30193\n" in changed.diff_text
    assert "-      nodePort: 30093\n+      nodePort: 30193\n" in changed.diff_text


async def test_a_broken_document_is_an_invalid_request(backend: EmbeddedBackend) -> None:
    with pytest.raises(InvalidRequest, match="not valid YAML"):
        await backend.preview(args_for("name: [unclosed\n"))


async def test_after_an_install_preflight_passes_its_own_ports_and_preview_is_an_update(
    backend: EmbeddedBackend, kube_emulator: KubeEmulator
) -> None:
    kube_emulator.controller.put(ingress_class("nginx"))
    kube_emulator.controller.put(pull_secret("myregistrykey"))
    kube_emulator.controller.auto_ready(delay_ms=50)
    job = await backend.install_cluster(args_for(SPARK_PULSAR))
    await asyncio.wait_for(backend.engine.wait_idle(), 60)
    assert (await backend.get_job(job.uuid)).status is JobStatus.SUCCESS
    nginx = kube_emulator.controller.get("Service", NAMESPACE, "nginx")
    assert nginx is not None and nginx["spec"]["ports"][0]["nodePort"] == 30093

    checks = await backend.preflight(args_for(SPARK_PULSAR))
    assert {check.status for check in checks} == {PreflightStatus.PASS}, checks
    other = by_name(await backend.preflight(args_for(SPARK_PULSAR, name="fate-10000")))
    assert other["NodePort 30093"].status is PreflightStatus.FAIL
    assert "Service fate-9999/nginx" in other["NodePort 30093"].reason

    preview = await backend.preview(args_for(SPARK_PULSAR))
    assert (preview.update, preview.diff_summary) == (True, "no changes")
    assert (
        PortPreview("http", 9300, "TCP", 30093)
        in next(s for s in preview.services if s.name == "nginx").ports
    )
