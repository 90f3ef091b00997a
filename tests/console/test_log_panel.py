"""The logs panel driven with Pilot: a real embedded backend reading the Kubernetes emulator."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Select

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from kubefate_tui.dialogs.save_log_dialog import SaveLogDialog
from kubefate_tui.screens.help_screen import keys_in_effect
from kubefate_tui.widgets.logs.log_panel import LogPanel
from tests.kube.workloads_factory import deployment
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .conftest import seed_cluster, wait_until

UUID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
NAMESPACE = "fate-9999"


class PanelApp(App[None]):
    """Just the panel, as the cluster detail's Logs tab hosts it."""

    def __init__(self, backend: EmbeddedBackend, uuid: str = UUID) -> None:
        super().__init__()
        self.backend = backend
        self.uuid = uuid

    def compose(self) -> ComposeResult:
        yield LogPanel(self.backend, self.uuid, "fate-9999", id="logs")


@dataclass
class Pods:
    python: str
    mysql: str


@pytest.fixture
def pods(kube_emulator: KubeEmulator) -> Pods:
    """python (containers python + fluentd) and mysql pods of fate-9999, with a few lines."""
    control = kube_emulator.controller
    control.create_namespace(NAMESPACE)
    control.put(deployment("python", containers={"python": "fateflow", "fluentd": "fluentd"}))
    control.put(deployment("mysql"))
    python = control.create_pods(NAMESPACE, "python", ready=True)[0]
    mysql = control.create_pods(NAMESPACE, "mysql", ready=True)[0]
    control.append_log(NAMESPACE, python, "python", "flow started", "job 1 running", "job 1 done")
    control.append_log(NAMESPACE, python, "fluentd", "shipping")
    control.append_log(NAMESPACE, mysql, "mysql", "ready for connections")
    return Pods(python, mysql)


@pytest.fixture
async def backend(db_path: Path, kubeconfig: Path) -> AsyncIterator[EmbeddedBackend]:
    """The embedded backend on the emulator, with the cluster fate-9999 in its store."""
    embedded = EmbeddedBackend(offline_options(db_path, kube=KubeSettings(kubeconfig=kubeconfig)))
    await embedded.start()
    await seed_cluster(embedded, UUID, "fate-9999")
    try:
        yield embedded
    finally:
        await embedded.close()


def log_panel(app: App[None]) -> LogPanel:
    return app.query_one(LogPanel)


def shown_lines(panel: LogPanel) -> list[str]:
    view = panel.view
    return [
        view.lines[view.lines.index_of(view.shown_number(i)) or 0] for i in range(view.shown_count)
    ]


async def wait_for_lines(pilot: Pilot[None], panel: LogPanel, count: int) -> None:
    await wait_until(pilot, lambda: len(panel.held) >= count, f"{count} log lines")


def collect(into: list[Message]) -> Callable[[Message], None]:
    return into.append


def toasts(messages: list[Message]) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


async def test_follow_shows_prefixed_lines_then_a_line_written_later(
    backend: EmbeddedBackend, pods: Pods, kube_emulator: KubeEmulator
) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        # Streams are merged as lines arrive: each keeps its order, the mix may vary.
        assert sorted(shown_lines(panel)) == [
            f"[{pods.mysql} mysql] ready for connections",
            f"[{pods.python} fluentd] shipping",
            f"[{pods.python} python] flow started",
            f"[{pods.python} python] job 1 done",
            f"[{pods.python} python] job 1 running",
        ]
        await wait_until(pilot, lambda: "following" in panel.header_text, "following")
        header = panel.header_text
        assert header.startswith("fate-9999 · all containers · 5 lines (last 500) · following")
        assert "wrap off" in header and "timestamps off" in header

        kube_emulator.controller.append_log(NAMESPACE, pods.mysql, "mysql", "slow query")
        await wait_for_lines(pilot, panel, 6)  # no key pressed
        assert shown_lines(panel)[-1] == f"[{pods.mysql} mysql] slow query"
        assert "6 lines" in panel.header_text
    await asyncio.sleep(0.2)
    assert not kube_emulator.store._followers  # leaving closed every follow connection


async def test_paused_keeps_the_lines_and_a_snapshot_reads_them_again(
    backend: EmbeddedBackend, pods: Pods, kube_emulator: KubeEmulator
) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        panel.view.focus()
        assert kube_emulator.store._followers  # the follow streams are open
        await pilot.press("f")
        assert "paused" in panel.header_text
        await wait_until(pilot, lambda: not kube_emulator.store._followers, "the streams closed")
        kube_emulator.controller.append_log(NAMESPACE, pods.mysql, "mysql", "while paused")
        await pilot.pause(0.3)
        assert len(panel.held) == 5  # not following: the new line waits

        await pilot.press("r")  # a snapshot (cluster_logs): the line written meanwhile is there
        await wait_for_lines(pilot, panel, 6)
        assert f"[{pods.mysql} mysql] while paused" in shown_lines(panel)
        assert "paused" in panel.header_text


async def test_autoscroll_stops_while_scrolled_up_and_resumes_at_the_end(
    backend: EmbeddedBackend, pods: Pods, kube_emulator: KubeEmulator
) -> None:
    control = kube_emulator.controller
    control.append_log(NAMESPACE, pods.mysql, "mysql", *(f"warm-up {i}" for i in range(100)))
    app = PanelApp(backend)
    async with app.run_test(size=(140, 20)) as pilot:
        panel = log_panel(app)
        view = panel.view
        await wait_for_lines(pilot, panel, 105)
        assert view.at_end and view.scroll_offset.y > 0
        view.focus()
        await pilot.press("home")
        assert view.scroll_offset.y == 0
        assert "scrolled up" in panel.header_text
        control.append_log(NAMESPACE, pods.mysql, "mysql", "arrives while reading old lines")
        await wait_for_lines(pilot, panel, 106)
        assert view.scroll_offset.y == 0  # the user's place is kept

        await pilot.press("end")
        control.append_log(NAMESPACE, pods.mysql, "mysql", "arrives at the end")
        await wait_for_lines(pilot, panel, 107)
        await pilot.pause()
        assert view.at_end and "scrolled up" not in panel.header_text


async def test_container_pick_narrows_the_lines(backend: EmbeddedBackend, pods: Pods) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        picker: Select[str] = panel.query_one(Select)
        await wait_until(pilot, lambda: picker._options[-1][1] == "python", "the containers")
        assert [value for _, value in picker._options] == ["", "fluentd", "mysql", "python"]

        panel.view.focus()
        await pilot.press("c")  # opens the picker
        await pilot.press("down", "down", "enter")  # all containers → fluentd → mysql
        await wait_until(pilot, lambda: panel.container == "mysql", "the mysql pick")
        await wait_until(pilot, lambda: shown_lines(panel) == ["ready for connections"], "mysql")
        assert panel.header_text.startswith("fate-9999 · mysql · 1 line (last 500)")


async def test_search_highlights_counts_and_jumps(backend: EmbeddedBackend, pods: Pods) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        view = panel.view
        await wait_for_lines(pilot, panel, 5)
        view.focus()
        await pilot.press("slash", *"job", "enter")
        assert "/job: 2 of 2 lines" in panel.header_text  # the newest match first
        assert app.focused is view

        row = view.row_of(view.current or 0)
        assert row is not None
        strip = view.render_line(row - view.scroll_offset.y)
        marked = [s for s in strip if s.text == "job"]
        plain = [s for s in strip if s.text == " 1 done"]
        assert marked and plain
        assert marked[0].style != plain[0].style
        assert isinstance(marked[0].style, Style) and marked[0].style.bgcolor is not None

        await pilot.press("n")  # wraps round to the first
        assert "/job: 1 of 2 lines" in panel.header_text
        await pilot.press("N")
        assert "/job: 2 of 2 lines" in panel.header_text

        await pilot.press("ampersand")
        assert view.shown_count == 2 and "only these shown" in panel.header_text
        assert shown_lines(panel) == [
            f"[{pods.python} python] job 1 running",
            f"[{pods.python} python] job 1 done",
        ]
        await pilot.press("ampersand")
        assert view.shown_count == 5

        await pilot.press("slash", *"JOB", "enter")  # a capital: exact case
        assert "/JOB: no match" in panel.header_text

        search_line = panel.query_one("#log-search", Input)
        await pilot.press("slash", "x", "escape")  # esc closes the line, the search stays
        assert not search_line.display and app.focused is view
        assert "/JOB: no match" in panel.header_text
        await pilot.press("slash")
        assert search_line.value == "JOB"
        await pilot.press("ctrl+u", "enter")  # an empty search ends searching
        assert "/" not in panel.header_text.split("timestamps off")[-1]
        assert not panel.held.matches


async def test_wrap_puts_a_long_line_on_several_rows(
    backend: EmbeddedBackend, pods: Pods, kube_emulator: KubeEmulator
) -> None:
    kube_emulator.controller.append_log(NAMESPACE, pods.mysql, "mysql", "x" * 500)
    app = PanelApp(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = log_panel(app)
        view = panel.view
        await wait_for_lines(pilot, panel, 6)
        assert view.virtual_size.height == 6 and view.virtual_size.width > 500
        view.focus()
        await pilot.press("w")
        assert "wrap on" in panel.header_text
        assert view.virtual_size.height > 6 and view.virtual_size.width <= 100
        await pilot.press("w")
        assert view.virtual_size.height == 6


async def test_oldest_lines_are_dropped_beyond_the_limit(
    backend: EmbeddedBackend, pods: Pods
) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        panel.held.limit = 3
        await wait_until(pilot, lambda: panel.held.dropped == 2, "two lines dropped")
        assert len(panel.held) == 3
        assert "3 lines (last 500), 2 older dropped" in panel.header_text
        assert panel.view.shown_count == 3 and panel.view.virtual_size.height == 3


async def test_save_writes_the_held_lines(
    backend: EmbeddedBackend, pods: Pods, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    messages: list[Message] = []
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30), message_hook=collect(messages)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        panel.view.focus()
        await pilot.press("s")
        assert isinstance(app.screen, SaveLogDialog)
        path_input = app.screen.query_one(Input)
        assert path_input.value.startswith("fate-9999-") and path_input.value.endswith(".log")

        path_input.value = "missing/folder/out.log"
        await pilot.press("enter")
        await pilot.pause(0.2)
        missing = tmp_path / "missing" / "folder" / "out.log"
        assert isinstance(app.screen, SaveLogDialog)
        assert app.screen.problem == (
            f"cannot write {missing}: the folder {missing.parent} does not exist"
        )

        path_input.value = "out.log"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, SaveLogDialog), "the save")
        saved = tmp_path / "out.log"
        assert saved.read_text().splitlines() == shown_lines(panel)
        assert f"Saved 5 lines to {saved}" in toasts(messages)


async def test_save_asks_before_replacing_a_file(
    backend: EmbeddedBackend, pods: Pods, tmp_path: Path
) -> None:
    existing = tmp_path / "kept.log"
    existing.write_text("precious\n")
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        panel.view.focus()
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, SaveLogDialog)
        dialog.query_one(Input).value = str(existing)
        await pilot.press("enter")
        assert dialog.problem == f"{existing} exists: press enter again to replace it"
        assert existing.read_text() == "precious\n"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, SaveLogDialog), "the save")
        assert len(existing.read_text().splitlines()) == 5


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_unreachable_kubernetes_is_a_calm_message(
    db_path: Path, kube_emulator: KubeEmulator
) -> None:
    kubeconfig = kube_emulator.write_kubeconfig(
        extra_contexts={"gone": f"https://127.0.0.1:{_closed_port()}"}
    )
    settings = KubeSettings(kubeconfig=kubeconfig, context="gone")
    backend = EmbeddedBackend(offline_options(db_path, kube=settings))
    await backend.start()
    try:
        await seed_cluster(backend, UUID, "fate-9999")
        app = PanelApp(backend)
        async with app.run_test(size=(140, 30)) as pilot:
            panel = log_panel(app)
            await wait_until(pilot, lambda: bool(panel.failure), "the failure")
            assert panel.message.startswith("Could not read the logs of fate-9999: ")
            assert "Press r to try again." in panel.message
            assert "Traceback" not in panel.message
            assert "stopped (r retries)" in panel.header_text
    finally:
        await backend.close()


async def test_no_such_cluster_is_said(backend: EmbeddedBackend) -> None:
    app = PanelApp(backend, uuid="cccccccc-cccc-4ccc-8ccc-cccccccccccc")
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_until(pilot, lambda: bool(panel.failure), "the failure")
        assert "no such cluster" in panel.message


async def test_tail_and_timestamps_change_the_query_and_the_header(
    backend: EmbeddedBackend, pods: Pods
) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(160, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        panel.view.focus()
        await pilot.press("t")
        assert panel.log_query().tail == 2000 and "(last 2,000)" in panel.header_text
        await pilot.press("t", "t")
        assert panel.log_query().tail == 100
        await pilot.press("T")
        await wait_for_lines(pilot, panel, 5)
        assert panel.log_query().timestamps
        assert " since 20" in panel.header_text and "timestamps on" in panel.header_text
        stamped = re.compile(r"\[\S+ \S+\] \d{4}-\d\d-\d\dT[\d:.]+Z \S")
        assert all(stamped.match(line) for line in shown_lines(panel)), shown_lines(panel)


async def test_every_key_has_an_id_and_a_description(backend: EmbeddedBackend, pods: Pods) -> None:
    app = PanelApp(backend)
    async with app.run_test(size=(140, 30)) as pilot:
        panel = log_panel(app)
        await wait_for_lines(pilot, panel, 5)
        assert app.focused is panel.view  # the lines have the focus from the start
        keys = keys_in_effect(app, app.screen.active_bindings.values())
        ours = {key.binding_id: key for key in keys if key.binding_id.startswith("logs.")}
        for wanted in ("follow", "tail", "timestamps", "wrap", "container", "search", "save"):
            assert f"logs.{wanted}" in ours
        assert {"logs.next_match", "logs.previous_match", "logs.filter", "logs.end"} <= set(ours)
        assert all(key.description for key in ours.values())
