"""The cluster detail screen and the Clusters list's PARTY and MODULES columns, driven with
Pilot against a real embedded backend (Kubernetes: the emulator, the test plays controller)."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from backend.embedded import EmbeddedBackend
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.kube import KubeSettings
from backend.models import Cluster, ClusterStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.logs.log_panel import LogPanel
from tests.kube.workloads_factory import deployment, statefulset
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .conftest import QUICK, fixed_clock, panel, seed_jobs, settle, wait_until

CLUSTER_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
CLUSTER_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
FATEFLOW = "federatedai/fateflow:2.0.0-release"

VALUES = """\
name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
modules:
  - mysql
  - python
"""


async def give_values(backend: EmbeddedBackend, uuid: str, values: str) -> Cluster:
    """Store `values` (and its parsed spec) on the seeded cluster `uuid`, as an install does."""
    async with backend.store.transaction() as tx:
        cluster = await tx.clusters.get(uuid)
        assert cluster is not None
        return await tx.clusters.save(
            Cluster(
                uuid=cluster.uuid,
                name=cluster.name,
                namespace=cluster.namespace,
                chart_name=cluster.chart_name,
                chart_version=cluster.chart_version,
                values=values,
                spec=yaml.safe_load(values),
                revision=cluster.revision,
                helm_revision=1,
                status=cluster.status,
                record=cluster.record,
            )
        )


def detail(app: KubefateApp) -> ClusterDetailScreen:
    screen = app.screen
    assert isinstance(screen, ClusterDetailScreen), f"not the detail but {screen!r}"
    return screen


async def open_detail_of(pilot: Pilot[None], app: KubefateApp, uuid: str) -> ClusterDetailScreen:
    """Put the cursor on the cluster `uuid` in the list, press enter, wait for its detail."""
    clusters = panel(app)
    await wait_until(pilot, lambda: uuid in clusters.table, "the cluster row")
    position = clusters.table.index_of(uuid)
    assert position is not None
    clusters.table.move_cursor(position)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ClusterDetailScreen), "the detail")
    screen = detail(app)
    await wait_until(pilot, lambda: screen.cluster is not None, "the cluster read")
    return screen


def drawn_lines(widget: Widget) -> list[str]:
    """The lines `widget` draws on screen now, as text."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text for strip in widget.render_lines(region)]


def emulated(db_path: Path, kubeconfig: Path) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path, kube=KubeSettings(kubeconfig=kubeconfig)))


# --- offline: what the store alone can tell ---------------------------------------------------
async def test_enter_opens_the_detail_with_overview_spec_and_jobs_and_esc_returns(
    db_path: Path,
) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)  # clusters A (two jobs) and B (one)
        await give_values(backend, CLUSTER_A, VALUES)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_A)

        assert screen.title_text == "Cluster fate-9999 · namespace fate-9999 · Running"
        overview = screen.overview
        assert overview.value_of("Name") == "fate-9999"
        assert overview.value_of("UUID") == CLUSTER_A
        assert overview.value_of("Party ID") == "9999"
        assert overview.value_of("Chart") == "fate v2.0.0"
        assert overview.value_of("Status") == "Running"
        assert (overview.value_of("Revision"), overview.value_of("Helm revision")) == ("2", "1")
        assert overview.value_of("Created").endswith(" ago)")

        await pilot.press("4")
        assert screen.tabs.active == "spec"
        assert screen.spec.yaml_text == VALUES
        shown = drawn_lines(screen.spec.query_one("#spec-text"))
        assert any(line.strip().endswith("partyId: 9999") for line in shown)

        await pilot.press("5")
        assert screen.tabs.active == "jobs"
        rows = screen.jobs.row_texts()
        assert [row[0] for row in rows] == [
            "11111111-1111-4111-8111-111111111111",
            "22222222-2222-4222-8222-222222222222",
        ]
        assert [row[2] for row in rows] == ["Success", "Failed"]  # B's running job is not here

        await pilot.press("6")  # the logs panel comes with the cluster's name
        [logs] = screen.query(LogPanel)
        assert (logs.cluster_uuid, logs.cluster_name) == (CLUSTER_A, "fate-9999")

        await pilot.press("escape")
        clusters = await settle(pilot, "clusters")
        assert clusters.table.cursor_key == CLUSTER_A


async def test_without_kubernetes_info_and_modules_say_why_and_esc_keeps_the_cursor(
    db_path: Path,
) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_B)  # the second row
        await pilot.press("2")
        info = screen.info_view.text
        assert info.startswith("No live Info for this cluster: Kubernetes could not be asked (")
        assert "no-kubeconfig" in info  # the kubeconfig it looked for
        assert "Traceback" not in app.export_screenshot()
        await pilot.press("3")
        assert screen.modules.message.startswith("The modules' states are not known.")
        assert "no-kubeconfig" in screen.modules.message
        await pilot.press("escape")
        clusters = await settle(pilot, "clusters")
        assert clusters.table.cursor_key == CLUSTER_B and clusters.table.cursor_row == 1


async def test_the_list_shows_party_and_an_unreadable_modules_roll_up(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await give_values(backend, CLUSTER_A, VALUES)
        await pilot.press("r")
        clusters = await settle(pilot, "clusters")
        columns = [c.label for c in clusters.table.columns]
        assert columns == [
            "NAME",
            "NAMESPACE",
            "PARTY",
            "CHART",
            "VERSION",
            "STATUS",
            "MODULES",
            "REVISION",
            "AGE",
        ]
        # No Kubernetes to ask: the roll-up is `?` once tried, the party comes from the spec.
        await wait_until(
            pilot, lambda: [r[6] for r in clusters.row_texts()] == ["?", "?"], "the roll-ups"
        )
        by_name = {row[0]: row for row in clusters.row_texts()}
        assert by_name["fate-9999"][2] == "9999" and by_name["fate-10000"][2] == ""


async def test_a_cluster_deleted_while_shown_says_so_in_place(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_B)
        assert screen.selected_cluster() is not None
        async with backend.store.transaction() as tx:  # what a finished delete job leaves
            await tx.clusters.soft_delete(CLUSTER_B)
        backend.events.publish(ChangeEvent(EntityKind.CLUSTER, ChangeAction.DELETED, CLUSTER_B))
        await wait_until(pilot, lambda: screen.gone, "the deletion to show")
        assert screen.gone_text.startswith("Cluster fate-10000 no longer exists (it was deleted)")
        assert screen.title_text.endswith("· Deleted")
        assert screen.selected_cluster() is None  # no action on a cluster that is gone
        assert screen.overview.value_of("Name") == "fate-10000"  # as last seen


async def test_a_cluster_unknown_from_the_start_says_so(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, "clusters")
        screen = ClusterDetailScreen("cccccccc-gone", tab="modules")
        await app.push_screen(screen)
        assert screen.tabs.active == "modules"
        await wait_until(pilot, lambda: screen.gone, "the answer")
        assert screen.gone_text == "cluster cccccccc-gone: no such cluster (or it was deleted)"
        assert not screen.tabs.display or not screen.tabs.region  # nothing to show under it
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen), "back")


# --- with Kubernetes (the emulator) -----------------------------------------------------------
async def test_modules_turn_available_without_a_key_press(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    control = kube_emulator.controller
    control.create_namespace("fate-9999")
    control.put(deployment("python", containers={"python": FATEFLOW}))
    control.put(statefulset("mysql"))
    control.create_pods("fate-9999", "python")  # ContainerCreating
    control.mark_progressing("fate-9999", "python")
    control.mark_ready("fate-9999", "mysql")
    backend = emulated(db_path, kubeconfig)
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        clusters = await settle(pilot, "clusters")
        await wait_until(
            pilot,
            lambda: clusters.table.get_row(CLUSTER_A)[6] == "1/2 ready",
            "the roll-up of fate-9999",
        )
        screen = await open_detail_of(pilot, app, CLUSTER_A)
        await pilot.press("3")
        modules = screen.modules
        assert modules.workload_rows() == [
            ("python", "deployment", "Progressing"),
            ("mysql", "statefulset", "Available"),
        ]
        assert ("mysql", "Running") in list(modules.containers.shown_rows())
        assert modules.reasons.startswith("Why not ready:")

        control.mark_ready("fate-9999", "python")  # the rollout finishes: no store event
        await wait_until(
            pilot,
            lambda: modules.workload_rows()[0] == ("python", "deployment", "Available"),
            "python to turn Available",
        )
        assert modules.reasons == ""
        await wait_until(pilot, lambda: screen.title_text.endswith("· Running"), "Running")
        info = screen.info_view
        assert info.value_of("IP") == "192.168.49.2"


async def test_a_module_that_cannot_pull_its_image_shows_why(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    control = kube_emulator.controller
    control.create_namespace("fate-9999")
    control.put(deployment("python", containers={"python": FATEFLOW}))
    [pod] = control.create_pods("fate-9999", "python")
    control.mark_progressing("fate-9999", "python")
    control.fail_pod("fate-9999", pod, "ImagePullBackOff")
    backend = emulated(db_path, kubeconfig)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_A)
        await pilot.press("3")
        assert screen.modules.workload_rows() == [("python", "deployment", "Progressing")]
        assert f"python: ImagePullBackOff ({FATEFLOW})" in screen.modules.reasons
        assert list(screen.modules.containers.shown_rows()) == [("python", "Pending")]
        # A Running cluster whose module is not ready reads Unavailable (KubeFATE's GET rule).
        await wait_until(pilot, lambda: screen.title_text.endswith("· Unavailable"), "status")
        assert (await backend.get_cluster_record(CLUSTER_A)).status is ClusterStatus.UNAVAILABLE


async def test_the_watch_pauses_while_another_mode_is_shown(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    control = kube_emulator.controller
    control.create_namespace("fate-9999")
    control.put(deployment("python"))
    control.create_pods("fate-9999", "python")
    control.mark_progressing("fate-9999", "python")

    def pod_reads() -> int:
        return sum(r.path.endswith("/namespaces/fate-9999/pods") for r in kube_emulator.requests)

    backend = emulated(db_path, kubeconfig)
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_A)
        before = pod_reads()
        await wait_until(pilot, lambda: pod_reads() > before, "a re-read while not ready")
        await pilot.press("colon", *"jobs", "enter")
        await settle(pilot, "jobs")
        await pilot.pause(0.5)  # a read already in flight may end
        hidden = pod_reads()
        await pilot.pause(10 * QUICK.cluster_watch)
        assert pod_reads() == hidden, "the hidden detail kept asking Kubernetes"
        await pilot.press("colon", *"clusters", "enter")
        await wait_until(pilot, lambda: app.screen is screen, "the detail again")
        await wait_until(pilot, lambda: pod_reads() > hidden, "a read on showing again")


async def test_enter_on_one_of_the_clusters_jobs_opens_it_and_esc_comes_back(
    db_path: Path,
) -> None:
    backend = EmbeddedBackend(offline_options(db_path))
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await settle(pilot, "clusters")
        screen = await open_detail_of(pilot, app, CLUSTER_A)
        await pilot.press("5")
        jobs = screen.jobs.table
        await wait_until(pilot, lambda: jobs.row_count == 2, "the cluster's two jobs")
        jobs.focus()
        jobs.move_cursor(jobs.index_of("22222222-2222-4222-8222-222222222222") or 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the job")
        assert app.screen.job_uuid == "22222222-2222-4222-8222-222222222222"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "the cluster again")
