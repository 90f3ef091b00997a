"""The console shell driven with Pilot against a real embedded backend on a temporary file."""

from __future__ import annotations

import re
from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import DataTable, Input

from backend.embedded import EmbeddedBackend
from backend.errors import Conflict, Unavailable
from backend.interface import Backend
from backend.models import Cluster, Job
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.help_screen import HelpScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.widgets.bars.bottom_bars import BottomBars
from kubefate_tui.widgets.bars.command_line import CommandLine
from kubefate_tui.widgets.tables.virtual_table import VirtualTable
from tests.offline_backend import offline_options

from .conftest import (
    GatedBackend,
    fixed_clock,
    panel,
    seed_cluster,
    seed_jobs,
    settle,
    status_line,
    wait_until,
)


def embedded(db_path: Path, *, read_only: bool = False) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path, read_only=read_only))


def notifications(messages: list[Message]) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


async def test_first_frame_comes_before_the_backend_then_it_is_ready(db_path: Path) -> None:
    backend = GatedBackend(offline_options(db_path))
    app = KubefateApp(backend)
    async with app.run_test() as pilot:
        try:
            await pilot.pause()
            assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "clusters"
            assert "starting…" in status_line(app)
            assert panel(app).message == "starting the backend…"
        finally:
            backend.gate.set()
        await settle(pilot, "clusters")
        assert app.backend_state.phase is BackendPhase.READY
        assert f"db {db_path}" in status_line(app) and "user admin" in status_line(app)
        # The state first, with what stops any deploy: no cluster in an offline test.
        no_cluster = f"no cluster: kubeconfig {db_path.parent / 'no-kubeconfig'} not found"
        assert status_line(app).endswith(f"  ready · {no_cluster}")
        assert "read-only" not in status_line(app)
        assert panel(app).border_title == "Clusters (0)"


class StartCounting(EmbeddedBackend):
    """The real embedded backend, counting the console's calls of `start()`."""

    starts = 0

    async def start(self) -> None:
        self.starts += 1
        await super().start()


async def test_the_bars_and_the_backend_start_wait_for_the_first_frame(db_path: Path) -> None:
    # Both would delay the first frame: the command line, the filter bar and the footer cost
    # more than the rest of it, and the start imports the store, Helm and Kubernetes modules.
    backend = StartCounting(offline_options(db_path))
    at_first_frame: dict[str, int] = {}

    class Watched(KubefateApp):
        def on_ready(self) -> None:  # Textual's Ready: the first frame is displayed
            at_first_frame["bars"] = len(self.screen.query(BottomBars))
            at_first_frame["starts"] = backend.starts
            super().on_ready()

    app = Watched(backend)
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        assert at_first_frame == {"bars": 0, "starts": 0}
        assert len(app.screen.query(BottomBars)) == 1 and backend.starts == 1


async def test_quitting_as_the_first_frame_shows_leaves_cleanly(db_path: Path) -> None:
    # What waited for the first frame then finds the screen gone: it must not fail.
    class QuitAtOnce(KubefateApp):
        def on_ready(self) -> None:
            super().on_ready()
            self.exit()

    app = QuitAtOnce(embedded(db_path))
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code == 0


async def test_clusters_mode_lists_a_seeded_cluster(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_cluster(backend)
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(app).table.row_count == 1, "the cluster row")
        name, namespace, party, chart, version, status, _, revision, _ = panel(app).row_texts()[0]
        assert (name, namespace, chart, version) == ("fate-9999", "fate-9999", "fate", "v2.0.0")
        assert (party, status, revision) == ("", "Running", "2")  # the seed has no spec


async def test_command_jobs_switches_to_the_jobs_mode(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("colon", *":jobs", "enter")
        jobs = await settle(pilot, "jobs")
        rows = jobs.row_texts()
        assert len(rows) == 3
        assert rows[0] == (
            "11111111-1111-4111-8111-111111111111",
            "ClusterInstall",
            "Success",
            "fate-9999",  # the cluster's name, not its uuid
            "admin",
            "2026-03-01 11:00:00",
            "4m30s",
        )
        assert rows[2][2] == "Running" and rows[2][6] == "3m15s"  # the time so far
        assert not app.screen.query_one(CommandLine).is_open


async def test_number_keys_switch_modes(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        for key, mode in [("2", "jobs"), ("3", "charts"), ("5", "users"), ("1", "clusters")]:
            await pilot.press(key)
            await settle(pilot, mode)


async def test_users_mode_shows_admin_and_no_password(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", *"users", "enter")
        users = await settle(pilot, "users")
        [(uuid, username, email, status)] = users.row_texts()
        assert (username, email, status) == ("admin", "", "Available")
        assert re.fullmatch(r"[0-9a-f-]{36}", uuid)
        screen_text = app.export_screenshot()
        for secret in ("password", "salt", "pbkdf2", "$2b$", "sha256"):
            assert secret not in screen_text.lower()


async def test_a_user_created_elsewhere_appears_without_a_key_press(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("5")
        users = await settle(pilot, "users")
        assert users.table.row_count == 1
        await backend.create_user("bob", "pw-of-bob", "bob@example.com")
        await wait_until(pilot, lambda: users.table.row_count == 2, "bob's row")
        assert users.row_texts()[1][1:] == ("bob", "bob@example.com", "Available")


async def test_an_unknown_command_is_named_with_the_valid_ones(db_path: Path) -> None:
    messages: list[Message] = []
    app = KubefateApp(embedded(db_path))
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", *"bogus", "enter")
        await wait_until(pilot, lambda: bool(notifications(messages)), "a notification")
        [text] = notifications(messages)
        assert "unknown command :bogus" in text
        for valid in (":clusters", ":jobs", ":charts", ":namespaces", ":users", ":q"):
            assert valid in text
        assert app.is_running
        assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "clusters"


async def test_the_command_line_takes_letters_and_esc_closes_it(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        table = panel(app).table
        assert app.focused is table
        await pilot.press("colon", "q", "2", "question_mark")
        command_line = app.screen.query_one(CommandLine)
        assert command_line.is_open and isinstance(app.focused, Input)
        assert command_line.input.value == "q2?"  # typed, not taken as quit/mode/help keys
        await pilot.press("escape")
        assert not command_line.is_open and isinstance(app.focused, VirtualTable)
        assert app.focused is table and app.is_running
        assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "clusters"


async def test_command_q_quits(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        await pilot.press("colon", "q", "enter")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_question_mark_lists_the_keys_in_effect(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = {key.binding_id: key for key in help_screen.listed_keys()}
        for binding_id in ("screen.command", "screen.reload", "app.help", "app.quit"):
            assert binding_id in listed
        assert listed["mode.jobs"].keys == "2" and listed["screen.command"].keys == ":"
        descriptions = [key.description for key in help_screen.listed_keys()]
        assert "Cursor up" in descriptions  # the focused table's own keys come first
        assert help_screen.query_one(DataTable).row_count == len(help_screen.listed_keys())
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen), "help closed")


async def test_namespaces_panel_says_why_it_is_unavailable(db_path: Path) -> None:
    messages: list[Message] = []
    app = KubefateApp(embedded(db_path))
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("4")
        namespaces = await settle(pilot, "namespaces")
        # No cluster configured: the panel names the kubeconfig it looked for.
        assert "no-kubeconfig not found" in namespaces.message
        assert namespaces.has_class("-calm") and not namespaces.has_class("-error")
        assert notifications(messages) == []  # calm: explained in place, no alarm


async def test_a_database_that_cannot_be_opened_is_reported_and_the_app_stays_up(
    db_path: Path,
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, just garbage bytes " * 40)
    app = KubefateApp(embedded(db_path))
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        assert app.backend_state.phase is BackendPhase.FAILED
        assert "failed:" in status_line(app)
        assert "is not a kubefate-tui database" in status_line(app)
        assert panel(app).message.startswith("the backend did not start:")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert "is not a kubefate-tui database" in jobs.message
        assert app.is_running


async def test_read_only_shows_in_the_status_line(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path, read_only=True))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, "clusters")
        assert "read-only" in status_line(app) and "  ready · no cluster" in status_line(app)


class FailingJobs(EmbeddedBackend):
    """The real backend, except that listing jobs fails the way the test says."""

    failure: Exception = Conflict("the jobs are being migrated; try again in a minute")

    async def list_jobs(self, *, summary: bool = False) -> list[Job]:
        raise self.failure

    iter_jobs = Backend.iter_jobs  # pages of list_jobs, so the paged listing fails alike


async def test_a_backend_error_is_shown_in_the_panel_and_notified(db_path: Path) -> None:
    messages: list[Message] = []
    app = KubefateApp(FailingJobs(offline_options(db_path)))
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.message == "the jobs are being migrated; try again in a minute"
        assert jobs.has_class("-error")
        await wait_until(pilot, lambda: bool(notifications(messages)), "a notification")
        assert notifications(messages) == [jobs.message]


class ClustersFailLater(EmbeddedBackend):
    """The real backend, whose cluster listing fails once `failing` is set."""

    failing = False

    async def list_clusters(self, *, include_deleted: bool = False) -> list[Cluster]:
        if self.failing:
            raise Unavailable("service at http://kubefate.example: connection refused")
        return await super().list_clusters(include_deleted=include_deleted)


async def test_a_failed_reload_keeps_the_rows_and_says_why_under_them(db_path: Path) -> None:
    backend = ClustersFailLater(offline_options(db_path))
    app = KubefateApp(backend)
    async with app.run_test(size=(140, 20)) as pilot:
        await settle(pilot, "clusters")
        await seed_cluster(backend)
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(app).table.row_count == 1, "the cluster")
        backend.failing = True
        await pilot.press("r")
        await settle(pilot, "clusters")
        assert panel(app).message == "" and panel(app).row_texts()[0][0] == "fate-9999"
        assert "not reloaded: service at http://kubefate.example" in str(panel(app).border_subtitle)
        backend.failing = False
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(app).border_subtitle == "", "the note cleared")


async def test_an_unexpected_failure_is_shown_not_raised(db_path: Path) -> None:
    backend = FailingJobs(offline_options(db_path))
    backend.failure = RuntimeError("disk on fire")
    app = KubefateApp(backend)
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.message == "could not load jobs: disk on fire"
        await pilot.press("1")
        await settle(pilot, "clusters")
        assert app.is_running


async def test_the_theme_can_be_chosen_before_the_app_runs(db_path: Path) -> None:
    app = KubefateApp(embedded(db_path))
    app.theme = "textual-light"
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        assert app.theme == "textual-light" and not app.current_theme.dark
