"""Charts, users and namespaces changed through their screens, against a real embedded backend."""

from __future__ import annotations

from pathlib import Path

from rich.syntax import Syntax
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Static

from backend.kube import KubeSettings
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.file_picker import FilePicker, FileTree
from kubefate_tui.dialogs.prompt_dialog import PromptDialog
from kubefate_tui.dialogs.text_view import TextView
from kubefate_tui.dialogs.user_form import UserForm
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.helm.chart_builder import chart_files, write_folder
from tests.kube_emulator import KubeEmulator

from .action_support import embedded, pick_by_path, wait_for_screen, wait_for_toast
from .conftest import panel, screen_lines, settle, wait_until


async def test_upload_a_chart_picked_in_the_tree_then_view_its_example_and_delete_it(
    db_path: Path, tmp_path: Path
) -> None:
    messages: list[Message] = []
    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "fate-v2.0.0.tgz").write_bytes(mini_fate_chart())
    (folder / "README.md").write_text("not a chart")
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("3")
        charts = await settle(pilot, "charts")
        assert charts.table.row_count == 0

        await pilot.press("a")
        picker = await pick_by_path(pilot, folder)  # a folder: shown in the tree
        tree = picker.query_one(FileTree)
        await wait_until(
            pilot,
            lambda: [str(n.label) for n in tree.root.children] == ["fate-v2.0.0.tgz"],
            "the tree to list the chart (and only it)",
        )
        tree.focus()
        await pilot.press("down", "enter")
        text = await wait_for_toast(pilot, messages, "uploaded")
        assert text == "chart fate v2.0.0 uploaded from fate-v2.0.0.tgz"
        await wait_until(pilot, lambda: charts.table.row_count == 1, "the chart's row")
        assert charts.row_texts()[0][1:3] == ("fate", "v2.0.0")

        charts.table.focus()
        await pilot.press("enter")
        view = await wait_for_screen(pilot, TextView)
        assert view.text == "name: fate-9999\nnamespace: fate-9999\n"
        body = view.query_one("#text-body", Static).content
        assert isinstance(body, Syntax) and body.lexer is not None
        assert body.lexer.name == "YAML"  # highlighted as YAML
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, TextView), "the view closing")

        await pilot.press("u")  # the other upload key; the folder is remembered
        picker = await wait_for_screen(pilot, FilePicker)
        assert picker.path_input.value.startswith(str(folder.resolve()))
        await pilot.press("escape")

        await pilot.press("ctrl+d")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question.startswith("Delete chart fate v2.0.0?")
        await pilot.press("tab", "enter")
        await wait_for_toast(pilot, messages, "chart fate v2.0.0 deleted")
        await wait_until(pilot, lambda: charts.table.row_count == 0, "the row to go")
        assert await backend.list_charts() == []


async def test_a_file_that_is_not_a_chart_is_refused_with_the_reason(
    db_path: Path, tmp_path: Path
) -> None:
    messages: list[Message] = []
    fake = tmp_path / "fake.tgz"
    fake.write_bytes(b"this is not gzip")
    app = KubefateApp(embedded(db_path))
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("3")
        await settle(pilot, "charts")
        await pilot.press("a")
        picker = await pick_by_path(pilot, tmp_path / "notes.txt")
        assert picker.message == f"{tmp_path / 'notes.txt'}: no such file"
        await pick_by_path(pilot, fake)
        await wait_until(pilot, lambda: len(messages_of(messages)) > 0, "a toast")
        [(text, severity)] = messages_of(messages)
        assert severity == "error"
        assert text == (  # the backend's reason, as it wrote it
            "not a chart archive (expected the .tgz made by `helm package`): not a gzip file"
        )


def messages_of(messages: list[Message]) -> list[tuple[str, str]]:
    return [
        (m.notification.message, m.notification.severity) for m in messages if isinstance(m, Notify)
    ]


async def test_a_refused_user_keeps_the_form_open_with_the_reason_beside_the_field(
    db_path: Path,
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("5")
        users = await settle(pilot, "users")
        await pilot.press("n")
        form = await wait_for_screen(pilot, UserForm)
        await pilot.press(*"admin", "tab", *"s3cret-admin", "tab", *"s3cret-admin", "enter")
        await wait_until(pilot, lambda: bool(form.message("username")), "the refusal")
        assert app.screen is form  # still open, with what was typed
        assert form.message("username") == "username: a user named 'admin' already exists"
        assert form.value("username") == "admin" and form.value("password") == "s3cret-admin"
        assert "already exists" in "\n".join(screen_lines(app))  # drawn, not only kept
        assert "User is existed" not in "\n".join(screen_lines(app))
        form.query_one("#username", Input).value = "carol"
        await pilot.press("enter")
        await wait_until(pilot, lambda: users.table.row_count == 2, "carol's row")
        assert not isinstance(app.screen, UserForm)


async def test_create_a_user_with_per_field_messages_then_delete_them(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("5")
        users = await settle(pilot, "users")
        await pilot.press("n")
        form = await wait_for_screen(pilot, UserForm)
        assert form.query_one("#password", Input).password  # masked
        assert form.query_one("#repeat", Input).password
        await pilot.press("enter")
        assert form.message("username") == "username: must not be empty"
        assert form.message("password") == "password: must not be empty"
        # The backend's rules, said under each field before anything is sent.
        await pilot.press(*"bob smith", "tab", *"s3cret", "tab", *"s3cret", "tab")
        await pilot.press("enter")
        assert app.screen is form
        assert form.message("username") == ("username: must not contain spaces or other whitespace")
        assert form.message("password") == "password: at least 8 characters"
        for field, value in (("username", "bob"), ("password", "s3cret-bob")):
            form.query_one(f"#{field}", Input).value = value
        form.query_one("#repeat", Input).value = "s3cret-bod"
        form.query_one("#email", Input).value = "bob-at-home"
        await pilot.press("enter")
        assert app.screen is form
        assert form.message("username") == "" and form.message("password") == ""
        assert form.message("repeat") == "repeat password: does not match the password"
        assert form.message("email") == (
            "email: 'bob-at-home' is not an address like name@example.com"
        )
        form.query_one("#repeat", Input).value = "s3cret-bob"
        form.query_one("#email", Input).value = "bob@example.com"
        await pilot.press("enter")
        await wait_for_toast(pilot, messages, "user bob created")
        await wait_until(pilot, lambda: users.table.row_count == 2, "bob's row")
        shown = " ".join(" ".join(row) for row in users.row_texts())
        assert "s3cret-bob" not in shown and "salt" not in shown.lower()

        users.table.focus()
        bob = [row[1] for row in users.row_texts()].index("bob")
        users.table.move_cursor(bob)
        await pilot.press("ctrl+d")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert confirm.question.startswith("Delete user bob?")
        await pilot.press("tab", "enter")
        await wait_for_toast(pilot, messages, "user bob deleted")
        assert [user.username for user in await backend.list_users()] == ["admin"]


async def test_deleting_yourself_is_refused_by_the_backend(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("5")
        await settle(pilot, "users")
        await pilot.press("ctrl+d")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("tab", "enter")
        text = await wait_for_toast(pilot, messages, "logged in")
        assert text == "you cannot delete the account you are logged in with"
        assert [user.username for user in await backend.list_users()] == ["admin"]


async def test_create_a_namespace_whose_name_is_checked_as_an_rfc_1123_label(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, kube=KubeSettings(kubeconfig=kubeconfig))
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("4")
        namespaces = await settle(pilot, "namespaces")
        before = namespaces.table.row_count
        await pilot.press("n")
        prompt = await wait_for_screen(pilot, PromptDialog)
        await pilot.press(*"Fate_1")
        assert prompt.message == (
            "name 'Fate_1' is not an RFC 1123 label: uppercase letters are not allowed; "
            "\"_\" is not allowed. Use at most 63 lowercase letters, digits and '-', starting "
            "and ending with a letter or digit"
        )
        await pilot.press("enter")
        assert app.screen is prompt  # not sent
        prompt.query_one(Input).value = "fate-1"
        await pilot.pause()
        assert prompt.message == ""
        await pilot.press("enter")
        await wait_for_toast(pilot, messages, "namespace fate-1 created")
        assert kube_emulator.controller.get("Namespace", "", "fate-1") is not None
        await wait_until(pilot, lambda: namespaces.table.row_count == before + 1, "the new row")
        assert "fate-1" in [row[0] for row in panel(app).row_texts()]


async def test_a_bundled_chart_is_marked_and_cannot_be_deleted(
    db_path: Path, tmp_path: Path
) -> None:
    messages: list[Message] = []
    bundled = tmp_path / "bundled"
    write_folder(bundled / "fate-exchange", chart_files("fate-exchange", "v1.11.2"))
    backend = embedded(db_path, bundled_charts=bundled)
    app = KubefateApp(backend)
    async with app.run_test(
        size=(160, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await backend.upload_chart(mini_fate_chart())
        await pilot.press("3")
        charts = await settle(pilot, "charts")
        await wait_until(pilot, lambda: charts.table.row_count == 2, "both charts")
        assert [row[1:] for row in charts.row_texts()] == [
            ("fate", "v2.0.0", "v2.0.0", "uploaded"),
            ("fate-exchange", "v1.11.2", "1.0", "bundled"),
        ]

        charts.table.focus()
        await pilot.press("down", "ctrl+d")
        text = await wait_for_toast(pilot, messages, "bundled")

        assert text.startswith(
            "chart fate-exchange v1.11.2 is bundled with kubefate-tui and cannot be deleted"
        )
        assert not isinstance(app.screen, ConfirmDialog)  # nothing to confirm
        assert [c.name for c in await backend.list_charts()] == ["fate", "fate-exchange"]
        assert charts.table.row_count == 2
