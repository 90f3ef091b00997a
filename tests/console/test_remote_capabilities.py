"""The console asks the backend what it can do: over a KubeFATE service (our `serve`), it offers
neither to create a namespace nor to create one before an install, since the service cannot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.message import Message

from backend.kube import KubeSettings
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.palette.change_provider import ChangeProvider
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .action_support import PickedCluster, pick_by_path, show, wait_for_screen, wait_for_toast
from .conftest import fixed_clock, screen_lines, seed_jobs, settle, wait_until
from .served_api import PASSWORD, Served, serving


@pytest.fixture
async def served_with_kube(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> AsyncIterator[Served]:
    """Our service over the Kubernetes emulator: the namespaces list answers."""
    options = offline_options(
        db_path, admin_password=PASSWORD, kube=KubeSettings(kubeconfig=kubeconfig)
    )
    async with serving(options) as service:
        yield service


def footer_line(app: KubefateApp) -> str:
    return screen_lines(app)[-1]


async def test_the_namespaces_mode_hides_new_namespace_over_a_service(
    served: Served, db_path: Path
) -> None:
    messages: list[Message] = []
    app = KubefateApp(served.remote())
    async with app.run_test(size=(120, 30), notifications=True, message_hook=messages.append) as (
        pilot
    ):
        await settle(pilot, "clusters")
        await pilot.press("4")
        await settle(pilot, "namespaces")
        assert "New namespace" not in footer_line(app)
        await pilot.press("n")  # a hidden key does nothing: no dialog
        await pilot.pause()
        assert app.screen.__class__.__name__ == "NamespacesScreen"
        [entry] = ChangeProvider(app.screen).entries()
        assert entry[0] == "Create namespace"
        assert entry[2] == "disabled: this backend cannot create namespaces"
        await entry[1]()  # chosen from the palette anyway: refused, saying what to do
        text = await wait_for_toast(pilot, messages, "cannot create namespaces")
        assert "kubectl create namespace NAME" in text


async def test_the_embedded_namespaces_mode_offers_new_namespace(db_path: Path) -> None:
    from backend.embedded import EmbeddedBackend

    app = KubefateApp(EmbeddedBackend(offline_options(db_path)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("4")
        await settle(pilot, "namespaces")
        assert "New namespace" in footer_line(app)


async def test_install_over_a_service_into_a_missing_namespace_says_create_it_first(
    served_with_kube: Served, kube_emulator: KubeEmulator, kubefate_files: Path
) -> None:
    served = served_with_kube
    await served.embedded.upload_chart(mini_fate_chart())
    messages: list[Message] = []
    app = KubefateApp(served.remote())
    async with app.run_test(size=(140, 40), notifications=True, message_hook=messages.append) as (
        pilot
    ):
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "cluster.yaml")
        text = await wait_for_toast(pilot, messages, "does not exist")
        assert text == (
            "namespace fate-9999 does not exist, and this backend cannot create namespaces: "
            "create it first (kubectl create namespace fate-9999); nothing was sent"
        )
        assert not isinstance(app.screen, ConfirmDialog)
    assert await served.embedded.list_jobs() == []
    assert kube_emulator.controller.get("Namespace", "", "fate-9999") is None


async def test_install_over_a_service_into_an_existing_namespace_is_confirmed(
    served_with_kube: Served, kube_emulator: KubeEmulator, kubefate_files: Path
) -> None:
    served = served_with_kube
    await served.embedded.upload_chart(mini_fate_chart())
    await served.embedded.create_namespace("fate-9999")
    app = KubefateApp(served.remote())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "cluster.yaml")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Install" in " ".join(screen_lines(app))
        assert "Create namespace and install" not in " ".join(screen_lines(app))


async def test_why_is_it_slow_over_a_service_names_the_module_states(served: Served) -> None:
    await seed_jobs(served.embedded)  # job 33333333 has been running for an hour
    app = KubefateApp(served.remote(), clock=fixed_clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", *"job 3333", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        screen = app.screen
        assert isinstance(screen, JobDetailScreen)
        await wait_until(pilot, lambda: screen.slow_reasons.display, "the slow section")
        await wait_until(pilot, lambda: "…" not in screen.slow_reasons.text, "the reasons")
        drawn = "\n".join(screen_lines(app))
        assert "Why is it slow?" in drawn
        assert "the module states of the service" in drawn
        assert "pods" not in screen.slow_reasons.text
