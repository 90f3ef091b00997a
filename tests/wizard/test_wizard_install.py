"""From the wizard to a running cluster: install from the review, land on the job, watch it
reach Success against the Kubernetes emulator with the bundled chart."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import ClusterStatus, JobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.state.wizard_start import WizardStart
from kubefate_tui.wizard.document_view import DocumentView
from tests.charts.fate_renders import BUNDLED_CHARTS
from tests.console.conftest import QUICK, fixed_clock, screen_lines, wait_until
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .test_wizard_screen import DATA, _go_to, _open, _type_into


async def test_install_from_the_wizard_lands_on_the_job_and_it_succeeds(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    kube_emulator.controller.auto_ready(delay_ms=50)
    options = offline_options(
        tmp_path / "kubefate.db",
        kube=KubeSettings(kubeconfig=kubeconfig),
        bundled_charts=BUNDLED_CHARTS,
    )
    backend = EmbeddedBackend(options)
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK)
    text = (DATA / "cluster.yaml").read_text()
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(text, "file cluster.yaml"))
        await _type_into(pilot, wizard, "namespace", "fate-wizard")
        await _go_to(pilot, wizard, "review")
        view = wizard.query_one(DocumentView)
        await wait_until(
            pilot,
            lambda: "…" not in view.section_text("preflight") + view.section_text("preview"),
            "pre-flight and the preview",
        )
        preflight = view.section_text("preflight")
        assert "✓ namespace fate-wizard: " in preflight and "will be created" in preflight
        assert "✓ chart fate v2.0.0" in preflight
        preview = view.section_text("preview")
        assert "rendered with fate v2.0.0 (bundled)" in preview
        assert "StatefulSet client, replicas 1" in preview and "Service osx (" in preview
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        drawn = "\n".join(screen_lines(app))
        assert "Namespace fate-wizard does not exist: it will be created first." in drawn
        app.screen.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the job")
        detail = app.screen
        assert isinstance(detail, JobDetailScreen)
        job_uuid = detail.job_uuid
        await asyncio.wait_for(backend.engine.wait_idle(), 60)
        await wait_until(
            pilot,
            lambda: "Success" in "\n".join(screen_lines(app)),
            "the job's Success on screen",
        )
        job = await backend.get_job(job_uuid)
        assert job.status is JobStatus.SUCCESS
        (cluster,) = await backend.list_clusters()
        assert (cluster.namespace, cluster.status) == ("fate-wizard", ClusterStatus.RUNNING)
        assert "namespace: fate-wizard" in cluster.values  # what the wizard wrote was sent
    assert kube_emulator.controller.list_objects("Namespace", None)
