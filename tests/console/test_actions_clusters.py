"""Install, update and delete clusters through the console, against a real embedded backend."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.widgets import Button

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models import Cluster, ClusterStatus, JobMethod
from kubefate_tui.actions.selection import SelectedCluster
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.file_picker import FilePicker
from kubefate_tui.dialogs.findings_dialog import FindingsDialog
from kubefate_tui.dialogs.typed_name_dialog import TypedNameDialog
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import unreachable_kube

from .action_support import (
    PickedCluster,
    embedded,
    pick_by_path,
    show,
    wait_for_screen,
    wait_for_toast,
)
from .conftest import seed_cluster, settle, wait_until

FATE_9999 = SelectedCluster("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "fate-9999", "fate-9999")


def notices(messages: list[Message]) -> list[Notification]:
    return [m.notification for m in messages if isinstance(m, Notify)]


def broken_copy(kubefate_files: Path, folder: Path) -> Path:
    """KubeFATE's v2.0.0 cluster.yaml with a text party id (line 5) and a bad boolean (10)."""
    text = (kubefate_files / "v2.0.0" / "cluster.yaml").read_text()
    assert "partyId: 9999" in text and "persistence: false" in text
    broken = text.replace("partyId: 9999", "partyId: nine")
    broken = broken.replace("persistence: false", "persistence: maybe")
    path = folder / "broken.yaml"
    path.write_text(broken)
    return path


async def test_a_broken_cluster_yaml_shows_its_findings_and_sends_nothing(
    db_path: Path, tmp_path: Path, kubefate_files: Path
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, broken_copy(kubefate_files, tmp_path))
        dialog = await wait_for_screen(pilot, FindingsDialog)
        assert dialog.lines == [
            '5:10 error type partyId must be an integer (e.g. 9999), not the text "nine" [partyId]',
            '10:14 error type persistence must be true or false, not the text "maybe" '
            "[persistence]",
        ]
        assert not dialog.query("#proceed")  # errors: nothing to go on with
        await pilot.press("enter")  # Close is focused
        await wait_until(pilot, lambda: isinstance(app.screen, PickedCluster), "the dialog closing")
        assert await backend.list_jobs() == []


async def test_install_from_kubefate_cluster_yaml_is_confirmed_then_accepted(
    db_path: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=unreachable_kube(db_path.parent))
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "cluster.yaml")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question == (
            "Install cluster fate-9999 in namespace fate-9999 with chart fate v2.0.0?"
        )
        assert app.focused is confirm.query_one("#cancel", Button)  # the safe default
        await pilot.press("tab", "enter")
        text = await wait_for_toast(pilot, messages, "accepted")
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.INSTALL
        assert text == f"install job {job.uuid[:8]} accepted for fate-9999/fate-9999"
        assert job.meta_data is not None
        sent = (kubefate_files / "v2.0.0" / "cluster.yaml").read_bytes()
        assert job.meta_data.data == sent  # the file as written, as KubeFATE's CLI sends it


async def test_warnings_are_shown_and_install_anyway_is_not_the_default(
    db_path: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=unreachable_kube(db_path.parent))
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "party-9999-cluster.yaml")
        dialog = await wait_for_screen(pilot, FindingsDialog)
        assert [line.split(" ")[:3] for line in dialog.lines] == [
            ["17:5", "warning", "v1-layout"],
            ["26:13", "warning", "v1-layout"],
            ["39:1", "warning", "v1-layout"],
        ]
        assert str(dialog.query_one("#proceed", Button).label) == "Install anyway"
        await pilot.press("enter")  # Cancel is focused
        await wait_until(pilot, lambda: isinstance(app.screen, PickedCluster), "the cancel")
        assert await backend.list_jobs() == []
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "party-9999-cluster.yaml")
        await wait_for_screen(pilot, FindingsDialog)
        await pilot.press("tab", "enter")  # Install anyway
        await wait_for_toast(pilot, messages, "accepted for fate-9999/fate-9999")
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.INSTALL


async def test_the_picker_says_what_is_wrong_with_a_typed_path_and_remembers_the_folder(
    db_path: Path, tmp_path: Path, kubefate_files: Path
) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        picker = await pick_by_path(pilot, tmp_path / "missing.yaml")
        assert picker.message == f"{tmp_path / 'missing.yaml'}: no such file"
        (tmp_path / "notes.txt").write_text("hello")
        await pick_by_path(pilot, tmp_path / "notes.txt")
        assert picker.message.startswith(f"{tmp_path / 'notes.txt'}: not a .yaml or .yml file")
        await pick_by_path(pilot, broken_copy(kubefate_files, tmp_path))
        await wait_for_screen(pilot, FindingsDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PickedCluster), "the dialog closing")
        await pilot.press("i")
        picker = await wait_for_screen(pilot, FilePicker)
        assert picker.path_input.value.startswith(str(tmp_path.resolve()))
        await pilot.press("escape")


async def test_update_refuses_a_file_naming_another_cluster(
    db_path: Path, tmp_path: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    other = tmp_path / "other.yaml"
    text = (kubefate_files / "v2.0.0" / "cluster.yaml").read_text()
    other.write_text(text.replace("name: fate-9999", "name: fate-10000", 1))
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_cluster(backend)
        await show(pilot, PickedCluster(FATE_9999))
        await pilot.press("u")
        await pick_by_path(pilot, other)
        said = await wait_for_toast(pilot, messages, "nothing was sent")
        assert said == (
            "other.yaml names cluster fate-9999/fate-10000, not the selected cluster "
            "fate-9999/fate-9999: nothing was sent"
        )
        assert await backend.list_jobs() == []


async def seed_installed(backend: EmbeddedBackend, cluster_yaml: Path) -> None:
    """fate-9999 as installed from `cluster_yaml` without its client module."""
    spec = yaml.safe_load(cluster_yaml.read_text())
    spec["modules"].remove("client")
    cluster = Cluster(
        uuid=FATE_9999.uuid,
        name="fate-9999",
        namespace="fate-9999",
        chart_name="fate",
        chart_version="v2.0.0",
        values=yaml.safe_dump(spec),
        spec=spec,
        revision=1,
        status=ClusterStatus.RUNNING,
    )
    async with backend.store.transaction() as tx:
        await tx.clusters.insert(cluster)


async def test_update_of_the_selected_cluster_is_accepted(
    db_path: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=unreachable_kube(db_path.parent))
    app = KubefateApp(backend)
    cluster_yaml = kubefate_files / "v2.0.0" / "cluster.yaml"
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_installed(backend, cluster_yaml)
        await show(pilot, PickedCluster(FATE_9999))
        await pilot.press("u")
        await pick_by_path(pilot, cluster_yaml)
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question.startswith("Update cluster fate-9999")
        await pilot.press("tab", "enter")
        text = await wait_for_toast(pilot, messages, "accepted")
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.UPDATE and job.cluster_id == FATE_9999.uuid
        assert text == f"update job {job.uuid[:8]} accepted for fate-9999/fate-9999"


async def test_an_update_the_backend_refuses_is_said_in_an_error_toast(
    db_path: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=unreachable_kube(db_path.parent))
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_cluster(backend)  # recorded without its cluster.yaml: no chart to compare
        await show(pilot, PickedCluster(FATE_9999))
        await pilot.press("u")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "cluster.yaml")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: bool(notices(messages)), "a toast")
        [notice] = notices(messages)
        assert notice.message == "doesn't support upgrade between different charts"
        assert notice.severity == "error" and notice.title == "Update cluster"
        assert not notice.markup
        assert await backend.list_jobs() == []


async def test_delete_needs_the_exact_name_and_cancels_by_default(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await seed_cluster(backend)
        await show(pilot, PickedCluster(FATE_9999))

        # enter on the empty field: cancelled
        await pilot.press("ctrl+d")
        dialog = await wait_for_screen(pilot, TypedNameDialog)
        delete = dialog.query_one("#confirm", Button)
        assert delete.disabled
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickedCluster), "the cancel")
        assert await backend.list_jobs() == []

        # almost the name: still disabled, enter does not delete; esc cancels
        await pilot.press("ctrl+d")
        dialog = await wait_for_screen(pilot, TypedNameDialog)
        await pilot.press(*"fate-999")
        assert dialog.query_one("#confirm", Button).disabled
        await pilot.press("enter")
        assert app.screen is dialog
        assert dialog.hint == "that is not the name: type fate-9999 exactly, or esc to cancel"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PickedCluster), "the cancel")
        assert await backend.list_jobs() == []

        # the exact name: enabled, and it deletes
        await pilot.press("ctrl+d")
        dialog = await wait_for_screen(pilot, TypedNameDialog)
        await pilot.press(*"fate-9999")
        assert not dialog.query_one("#confirm", Button).disabled
        await pilot.press("enter")
        text = await wait_for_toast(pilot, messages, "accepted")
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.DELETE and job.cluster_id == FATE_9999.uuid
        assert text == f"delete job {job.uuid[:8]} accepted for fate-9999/fate-9999"


async def test_update_and_delete_without_a_selection_say_so(db_path: Path) -> None:
    messages: list[Message] = []
    app = KubefateApp(embedded(db_path))
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        await pilot.press("ctrl+d")
        await wait_for_toast(pilot, messages, "no cluster selected")
        assert isinstance(app.screen, PickedCluster)


async def test_install_offers_to_create_a_missing_namespace(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path, kubefate_files: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=KubeSettings(kubeconfig=kubeconfig))
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await backend.upload_chart(mini_fate_chart())
        await show(pilot, PickedCluster(None))
        await pilot.press("i")
        await pick_by_path(pilot, kubefate_files / "v2.0.0" / "cluster.yaml")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert (
            confirm.details[-1] == "Namespace fate-9999 does not exist: it will be created first."
        )
        assert str(confirm.query_one("#confirm", Button).label) == "Create namespace and install"
        assert kube_emulator.controller.get("Namespace", "", "fate-9999") is None
        await pilot.press("tab", "enter")
        await wait_for_toast(pilot, messages, "accepted for fate-9999/fate-9999")
        assert kube_emulator.controller.get("Namespace", "", "fate-9999") is not None
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.INSTALL


async def test_the_clusters_list_deletes_the_cluster_under_its_cursor(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(160, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        clusters = await settle(pilot, "clusters")
        await seed_cluster(backend)
        await pilot.press("r")
        await wait_until(pilot, lambda: clusters.table.row_count == 1, "the cluster's row")
        await pilot.press("ctrl+d")
        dialog = await wait_for_screen(pilot, TypedNameDialog)
        assert dialog.expected == "fate-9999"
        await pilot.press(*"fate-9999", "enter")
        await wait_for_toast(pilot, messages, "accepted for fate-9999/fate-9999")
        [job] = await backend.list_jobs()
        assert job.method is JobMethod.DELETE
