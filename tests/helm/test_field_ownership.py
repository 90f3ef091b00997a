"""Helm applies as `kubefate-tui`, keeps our release labels, and reports a field conflict as such
(against the emulator, which keeps managed fields as an API server does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.helm import FIELD_MANAGER, FieldConflict, HelmEngine, KubeTarget
from tests.helm.chart_builder import chart_archive
from tests.kube_emulator.server import KubeEmulator

NS = "fate-9999"
RELEASE = "fate-9999"
OWNER = {"kubefate-tui/cluster-uuid": "5d0c3c1e-0000-4000-8000-000000000001"}


@pytest.fixture
def kube(kube_emulator: KubeEmulator, kubeconfig: Path) -> KubeTarget:
    kube_emulator.controller.create_namespace(NS)
    return KubeTarget(kubeconfig, context="emulator", storage_driver="secret")


def _settings(emulator: KubeEmulator) -> dict[str, Any]:
    configmap = emulator.controller.get("ConfigMap", NS, f"{RELEASE}-settings")
    assert configmap is not None
    return configmap


async def test_helm_applies_as_kubefate_tui_and_keeps_the_release_labels(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await helm.install(chart_archive(), {"partyId": 1}, RELEASE, NS, kube, labels=OWNER)
    await helm.upgrade(chart_archive(), {"partyId": 2}, RELEASE, NS, kube)

    managers = [entry["manager"] for entry in _settings(kube_emulator)["metadata"]["managedFields"]]
    assert managers == [FIELD_MANAGER] == ["kubefate-tui"]
    status = await helm.status(RELEASE, NS, kube)
    assert status is not None and status.revision == 2
    assert status.labels["kubefate-tui/cluster-uuid"] == OWNER["kubefate-tui/cluster-uuid"]
    assert status.first_deployed is not None


async def test_a_field_changed_by_kubectl_edit_is_a_conflict_until_forced(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await helm.install(chart_archive(), {"partyId": 1}, RELEASE, NS, kube, labels=OWNER)
    with httpx.Client(base_url=kube_emulator.url, timeout=5) as http:
        http.patch(
            f"/api/v1/namespaces/{NS}/configmaps/{RELEASE}-settings",
            params={"fieldManager": "kubectl-edit"},
            json={"data": {"partyId": "7"}},
            headers={"content-type": "application/merge-patch+json"},
        ).raise_for_status()

    with pytest.raises(
        FieldConflict, match=r'conflict with "kubectl-edit" using v1: \.data\.partyId'
    ):
        await helm.upgrade(chart_archive(), {"partyId": 2}, RELEASE, NS, kube)
    taken = await helm.upgrade(
        chart_archive(), {"partyId": 2}, RELEASE, NS, kube, force_conflicts=True
    )
    assert _settings(kube_emulator)["data"] == {"partyId": "2", "greeting": "hello"}

    with httpx.Client(base_url=kube_emulator.url, timeout=5) as http:
        http.patch(
            f"/api/v1/namespaces/{NS}/configmaps/{RELEASE}-settings",
            params={"fieldManager": "kubectl-edit"},
            json={"data": {"partyId": "8"}},
            headers={"content-type": "application/merge-patch+json"},
        ).raise_for_status()
    back = await helm.rollback(RELEASE, NS, kube, 1, force_conflicts=True)
    assert back.revision == taken.revision + 1
    assert _settings(kube_emulator)["data"]["partyId"] == "1"
