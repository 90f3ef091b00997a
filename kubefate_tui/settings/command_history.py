"""The command line's history, kept across runs in `<user state dir>/command_history`.

One command a line, newest last, at most HISTORY_LIMIT, no command twice in a row. The file is
read after the console's first frame and written after each command. Trouble with it never
stops the console: the history then lives in memory only, and a toast says so once.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

log = logging.getLogger(__name__)

HISTORY_LIMIT = 500
FILE_NAME = "command_history"


def default_history_path() -> Path:
    """`<user state dir>/command_history`, e.g. ~/.local/state/kubefate-tui/command_history."""
    from platformdirs import user_state_path

    from backend.paths import APP_NAME

    return user_state_path(APP_NAME, appauthor=False) / FILE_NAME


def tidy(commands: Iterable[str]) -> list[str]:
    """Non-empty single-line commands, consecutive repeats dropped, the newest HISTORY_LIMIT."""
    kept: list[str] = []
    for command in commands:
        text = command.strip()
        if text and "\n" not in text and (not kept or kept[-1] != text):
            kept.append(text)
    return kept[-HISTORY_LIMIT:]


class HistoryFileError(Exception):
    """The history file cannot be read or written; the message names it."""


class CommandHistoryFile:
    """Reads and writes the history file at `path` (blocking: call from a thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> list[str]:
        """The commands in the file, oldest first; [] when there is no file yet."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):  # nothing saved there yet
            return []
        except (OSError, UnicodeDecodeError) as error:
            raise HistoryFileError(
                f"cannot read the command history {self.path}: {error}"
            ) from None
        return tidy(text.splitlines())

    def write(self, commands: Iterable[str]) -> None:
        """Replace the file with `commands` (tidied); a crash midway leaves the old file."""
        lines = tidy(commands)
        partial = self.path.with_name(f".{self.path.name}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:
            raise HistoryFileError(
                f"cannot save the command history {self.path}: {error}"
            ) from None


class CommandHistoryKeeper:
    """Loads `history` (the app's shared list) from a file and saves it after each command.

    `path` None keeps the history in memory only (tests, or no state folder).
    """

    def __init__(self, app: App[Any], history: list[str], path: Path | None) -> None:
        self.app = app
        self.history = history
        self.file = None if path is None else CommandHistoryFile(path)
        self._lock = asyncio.Lock()
        self._warned = False
        self.loaded = False
        self.writable = True  # False once the file could not be read: never overwrite it
        self.last_save: Worker[None] | None = None
        """The worker of the newest save asked for (None before the first command)."""

    def load_soon(self) -> None:
        """Read the file once the current frame is drawn (nothing slow before it)."""
        if self.file is not None:
            self.app.call_after_refresh(self._start_load)

    def _start_load(self) -> None:
        self.app.run_worker(self.load(), group="command-history-load", exit_on_error=False)

    def save_soon(self) -> None:
        """Write the history as it is now (after a command was entered)."""
        if self.file is not None:
            # The method, not a coroutine object: a worker cancelled before it starts (`:q`
            # exits at once) would leave that object un-awaited, and Python says so on exit.
            self.last_save = self.app.run_worker(
                self.save, group="command-history-save", exit_on_error=False
            )

    async def load(self) -> None:
        """Put the saved commands before any entered since the start."""
        if self.file is None:
            return
        async with self._lock:
            try:
                saved = await asyncio.to_thread(self.file.read)
            except HistoryFileError as error:
                self.writable = False
                self._warn(str(error))
                saved = []
            entered = bool(self.history)  # commands entered before the file was read
            self.history[:] = tidy([*saved, *self.history])
            self.loaded = True
            if entered:
                await self._write()

    async def save(self) -> None:
        """Write the newest history; saves never overlap, so the last one written wins.
        Nothing is written before the file was read (that would lose what it holds)."""
        if self.file is None:
            return
        async with self._lock:
            if self.loaded:  # else the load will write what was entered meanwhile
                await self._write()

    async def flush(self) -> None:
        """At exit: write what was entered, even when the file has not been read yet (the
        read then merges first, so nothing in the file is lost)."""
        if self.loaded:
            await self.save()
        elif self.history:
            await self.load()

    async def _write(self) -> None:
        if self.file is None or not self.writable:
            return
        try:
            await asyncio.to_thread(self.file.write, list(self.history))
        except HistoryFileError as error:
            self._warn(str(error))

    def _warn(self, text: str) -> None:
        log.info("%s", text)  # the toast tells the user; logging must not reach the screen
        if not self._warned:  # once: a full disk must not bury the screen in toasts
            self._warned = True
            self.app.notify(
                f"{text}; the history is kept for this session only",
                title="Command history",
                severity="warning",
                markup=False,
            )
