"""The command line's history is kept across runs, in the user's state folder."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.cli import build_parser
from kubefate_tui.settings.command_history import (
    HISTORY_LIMIT,
    CommandHistoryFile,
    HistoryFileError,
)
from kubefate_tui.subcommands.console_command import build_console
from kubefate_tui.widgets.bars.command_line import CommandLine
from tests.offline_backend import offline_options

from .conftest import settle, type_burst, wait_until


def console(db_path: Path, history_file: Path) -> KubefateApp:
    return KubefateApp(EmbeddedBackend(offline_options(db_path)), history_file=history_file)


async def history_written(pilot: Pilot[None]) -> None:
    """Wait for the history's workers (the app's other workers run until it exits)."""

    def written() -> bool:
        return all(
            worker.is_finished
            for worker in pilot.app.workers
            if worker.group.startswith("command-history")
        )

    await wait_until(pilot, written, "the history written")


def warnings_of(messages: list[Message]) -> list[str]:
    return [
        m.notification.message
        for m in messages
        if isinstance(m, Notify) and m.notification.title == "Command history"
    ]


async def test_the_history_survives_a_restart(db_path: Path, tmp_path: Path) -> None:
    history_file = tmp_path / "state" / "command_history"
    app = console(db_path, history_file)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, "clusters")
        for command in ("jobs", "charts", "charts", "users"):
            await pilot.press("colon", *command, "enter")
            await settle(pilot, command)
        await wait_until(pilot, history_file.exists, "the history file")
        await history_written(pilot)
    assert history_file.read_text(encoding="utf-8") == "jobs\ncharts\nusers\n"

    again = console(db_path, history_file)
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot, "clusters")
        await wait_until(pilot, lambda: again.history.loaded, "the history read")
        command_line = again.screen.query_one(CommandLine)
        await pilot.press("colon", "up")
        assert command_line.input.value == "users"
        await pilot.press("up", "up")
        assert command_line.input.value == "jobs"
        await pilot.press("escape")
        await pilot.press("colon", *"clusters", "enter")  # the newest goes after the loaded
        await settle(pilot, "clusters")
        await history_written(pilot)
    assert history_file.read_text(encoding="utf-8") == "jobs\ncharts\nusers\nclusters\n"


async def test_a_history_that_cannot_be_saved_is_said_once_and_the_console_goes_on(
    db_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be", encoding="utf-8")
    app = console(db_path, blocker / "command_history")
    messages: list[Message] = []
    async with app.run_test(size=(120, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await wait_until(pilot, lambda: app.history.loaded, "the history read")
        await pilot.press("colon", *"jobs", "enter")
        await settle(pilot, "jobs")
        await pilot.press("colon", *"charts", "enter")
        await settle(pilot, "charts")  # commands still run
        await history_written(pilot)
        await pilot.pause()
        [warning] = warnings_of(messages)
        assert f"cannot save the command history {blocker / 'command_history'}" in warning
        assert warning.endswith("the history is kept for this session only")
        assert app.command_history == ["jobs", "charts"]


async def test_an_unreadable_history_is_said_and_never_overwritten(
    db_path: Path, tmp_path: Path
) -> None:
    history_file = tmp_path / "command_history"
    history_file.write_bytes(b"jobs\n\xff\xfe not text\n")
    app = console(db_path, history_file)
    messages: list[Message] = []
    async with app.run_test(size=(120, 30), message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await wait_until(pilot, lambda: bool(warnings_of(messages)), "the warning")
        assert f"cannot read the command history {history_file}" in warnings_of(messages)[0]
        await pilot.press("colon", *"jobs", "enter")
        await settle(pilot, "jobs")
        await history_written(pilot)
    assert history_file.read_bytes() == b"jobs\n\xff\xfe not text\n"


def test_the_file_keeps_the_newest_without_repeats(tmp_path: Path) -> None:
    history = CommandHistoryFile(tmp_path / "deep" / "command_history")
    commands = [f"job {n:04d}" for n in range(HISTORY_LIMIT + 100)]
    history.write(["jobs", "jobs", "  ", *commands, commands[-1]])
    read = history.read()
    assert len(read) == HISTORY_LIMIT
    assert read[0] == "job 0100" and read[-1] == f"job {HISTORY_LIMIT + 99:04d}"
    assert CommandHistoryFile(tmp_path / "missing").read() == []
    with pytest.raises(HistoryFileError, match="cannot read the command history"):
        CommandHistoryFile(tmp_path).read()  # a folder


def test_the_console_keeps_its_history_in_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    args = build_parser().parse_args(["--db", str(tmp_path / "kubefate.db")])
    app, _ = build_console(args)
    assert app.history.file is not None
    assert app.history.file.path == tmp_path / "state" / "kubefate-tui" / "command_history"


@pytest.mark.parametrize("keys", [":q\r", "q", "ctrl+q", "ctrl+c"])
async def test_every_way_out_quits_cleanly_with_the_history_saved(
    db_path: Path, tmp_path: Path, keys: str
) -> None:
    history_file = tmp_path / "state" / "command_history"
    app = console(db_path, history_file)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot, "clusters")
            await pilot.press("colon", *"jobs", "enter")  # its save may still be running
            await settle(pilot, "jobs")
            # Typed as a terminal sends them: the exit may come before the last save ran.
            if keys.startswith("ctrl+"):
                await pilot.press(keys)
            else:
                type_burst(app, keys)
            await wait_until(pilot, lambda: not app.is_running, "the exit")
        gc.collect()  # an un-awaited coroutine is reported when it is collected
    assert [str(w.message) for w in caught if "never awaited" in str(w.message)] == []
    assert history_file.read_text(encoding="utf-8").splitlines()[0] == "jobs"
