"""Install, upgrade, rollback, uninstall, status and history against the Kubernetes emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.helm import HelmEngine, KubeTarget, ReleaseFailed, ReleaseNotFound
from tests.helm.chart_builder import chart_archive
from tests.kube_emulator.server import KubeEmulator

NS = "fate-9999"
RELEASE = "fate-9999"


@pytest.fixture
def kube(kube_emulator: KubeEmulator, kubeconfig: Path) -> KubeTarget:
    kube_emulator.controller.create_namespace(NS)
    return KubeTarget(kubeconfig, context="emulator", storage_driver="secret")


def _party_id(emulator: KubeEmulator) -> str:
    configmap = emulator.controller.get("ConfigMap", NS, f"{RELEASE}-settings")
    assert configmap is not None
    return str(configmap["data"]["partyId"])


async def _install_revisions(helm: HelmEngine, kube: KubeTarget, *party_ids: int) -> None:
    await helm.install(chart_archive(), {"partyId": party_ids[0]}, RELEASE, NS, kube)
    for party_id in party_ids[1:]:
        await helm.upgrade(chart_archive(), {"partyId": party_id}, RELEASE, NS, kube)


async def test_install_makes_an_ordinary_helm_release(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    info = await helm.install(chart_archive(), {"partyId": 9999}, RELEASE, NS, kube)

    assert (info.name, info.namespace, info.revision, info.status) == (RELEASE, NS, 1, "deployed")
    assert (info.chart_name, info.chart_version, info.app_version) == ("demo", "v0.1.0", "1.0")
    assert info.updated is not None
    assert _party_id(kube_emulator) == "9999"
    # Helm's secret storage, so `helm list -n fate-9999` sees the release.
    secret = kube_emulator.controller.get("Secret", NS, f"sh.helm.release.v1.{RELEASE}.v1")
    assert secret is not None and secret["metadata"]["labels"]["owner"] == "helm"
    status = await helm.status(RELEASE, NS, kube)
    assert status is not None and status.description == "Install complete"


async def test_install_errors_are_helms_own_words(helm: HelmEngine, kube: KubeTarget) -> None:
    await helm.install(chart_archive(), {}, RELEASE, NS, kube)

    with pytest.raises(ReleaseFailed, match="cannot reuse a name that is still in use"):
        await helm.install(chart_archive(), {}, RELEASE, NS, kube)
    with pytest.raises(ReleaseFailed, match='namespaces "nowhere" not found'):
        await helm.install(chart_archive(), {}, "fate-10000", "nowhere", kube)


async def test_upgrade_and_history(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await _install_revisions(helm, kube, 9999, 10000)

    history = await helm.history(RELEASE, NS, kube)

    assert [(item.revision, item.status) for item in history] == [
        (1, "superseded"),
        (2, "deployed"),
    ]
    assert _party_id(kube_emulator) == "10000"


@pytest.mark.slow
async def test_rollback_goes_to_the_real_previous_revision(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await _install_revisions(helm, kube, 1, 2, 3)

    info = await helm.rollback(RELEASE, NS, kube)

    # KubeFATE would target helm_revision - 1 = 2 - 1 = 1 here (§3.3); the previous is 2.
    assert (info.revision, info.status, info.description) == (4, "deployed", "Rollback to 2")
    assert _party_id(kube_emulator) == "2"


@pytest.mark.slow
async def test_rollback_skips_a_failed_upgrade(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await _install_revisions(helm, kube, 1, 2)
    kube_emulator.controller.fail(["patch", "update", "create"], "configmaps", times=5)
    with pytest.raises(ReleaseFailed):
        await helm.upgrade(chart_archive(), {"partyId": 3}, RELEASE, NS, kube)
    kube_emulator.controller.clear_faults()

    info = await helm.rollback(RELEASE, NS, kube)

    history = [(item.revision, item.status) for item in await helm.history(RELEASE, NS, kube)]
    assert (3, "failed") in history
    assert info.description == "Rollback to 2"
    assert _party_id(kube_emulator) == "2"


@pytest.mark.slow
async def test_rollback_to_an_explicit_revision(
    helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator
) -> None:
    await _install_revisions(helm, kube, 1, 2, 3)

    info = await helm.rollback(RELEASE, NS, kube, revision=1)

    assert info.description == "Rollback to 1"
    assert _party_id(kube_emulator) == "1"


async def test_rollback_without_an_earlier_revision(helm: HelmEngine, kube: KubeTarget) -> None:
    await _install_revisions(helm, kube, 1)

    with pytest.raises(ReleaseNotFound, match="no earlier deployed revision"):
        await helm.rollback(RELEASE, NS, kube)


@pytest.mark.slow
async def test_uninstall(helm: HelmEngine, kube: KubeTarget, kube_emulator: KubeEmulator) -> None:
    await _install_revisions(helm, kube, 1, 2)

    await helm.uninstall(RELEASE, NS, kube)

    assert await helm.status(RELEASE, NS, kube) is None
    assert await helm.history(RELEASE, NS, kube) == []
    assert kube_emulator.controller.get("ConfigMap", NS, f"{RELEASE}-settings") is None
    with pytest.raises(ReleaseNotFound, match="Release not loaded: fate-9999: release: not found"):
        await helm.uninstall(RELEASE, NS, kube)
    await helm.uninstall(RELEASE, NS, kube, ignore_not_found=True)


async def test_status_of_a_release_that_never_was(helm: HelmEngine, kube: KubeTarget) -> None:
    assert await helm.status("fate-10000", NS, kube) is None
    assert await helm.history("fate-10000", NS, kube) == []
