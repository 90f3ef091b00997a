"""The dialog that saves held log lines to a file the user names.

The dialog writes the file itself, so a bad path (a missing folder, no permission, a folder
where a file was expected) is said in place, naming the path, and the user can fix it without
starting again. An existing file is replaced only after a second Enter on the same path.
Dismissed with the saved file and its line count, or None when cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


@dataclass(frozen=True, slots=True)
class SavedLog:
    """Where the lines went and how many there were."""

    path: Path
    line_count: int


def write_lines(path: Path, lines: Sequence[str]) -> None:
    """Write `lines` to `path`, one a line, UTF-8 (what a user would `grep` afterwards)."""
    with path.open("w", encoding="utf-8", newline="\n") as file:
        for line in lines:
            file.write(line)
            file.write("\n")


def write_problem(path: Path, error: OSError) -> str:
    """What went wrong writing `path`, in words that name the path."""
    if isinstance(error, FileNotFoundError):
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if isinstance(error, IsADirectoryError):
        return f"cannot write {path}: it is a folder; give a file name"
    if isinstance(error, NotADirectoryError):
        return f"cannot write {path}: a part of the path is a file, not a folder"
    if isinstance(error, PermissionError):
        return f"cannot write {path}: permission denied"
    return f"cannot write {path}: {error.strerror or error}"


def resolve_path(text: str, cwd: Path) -> Path:
    """The path typed, with `~` expanded and relative paths taken from `cwd`."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else cwd / path


class SaveLogDialog(ModalScreen[SavedLog | None]):
    """Asks for a file path (prefilled) and writes `lines` there; esc cancels."""

    DEFAULT_CSS = """
    SaveLogDialog {
        align: center middle;
        #save-log {
            width: 80%;
            max-width: 100;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        #save-log-problem { color: $text-error; display: none; }
        #save-log-problem.-shown { display: block; }
        .save-log-hint { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save_log.cancel"),
    ]

    def __init__(self, lines: Sequence[str], default_name: str, *, cwd: Path | None = None) -> None:
        super().__init__()
        self.lines = lines
        self.default_name = default_name
        self.cwd = cwd or Path.cwd()
        self._confirmed_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="save-log") as box:
            box.border_title = f"Save {len(self.lines):,} log lines"
            yield Static(f"File (relative to {self.cwd}):", classes="save-log-hint", markup=False)
            yield Input(self.default_name, id="save-log-path", select_on_focus=False)
            yield Static("", id="save-log-problem", markup=False)
            yield Static("enter saves · esc cancels", classes="save-log-hint")

    @property
    def problem(self) -> str:
        """The message shown under the path ("" when none)."""
        return str(self.query_one("#save-log-problem", Static).content)

    def _say(self, text: str) -> None:
        problem = self.query_one("#save-log-problem", Static)
        problem.update(text)
        problem.set_class(bool(text), "-shown")

    @on(Input.Changed, "#save-log-path")
    def _path_edited(self) -> None:
        self._confirmed_overwrite = None
        self._say("")

    @on(Input.Submitted, "#save-log-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._say("give a file name")
            return
        path = resolve_path(event.value, self.cwd)
        if path.is_file() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self._say(f"{path} exists: press enter again to replace it")
            return
        self.save(path)

    @work(group="save-log", exclusive=True, exit_on_error=False)
    async def save(self, path: Path) -> None:
        """Write the lines off the event loop; say what went wrong, or close with the result."""
        try:
            await asyncio.to_thread(write_lines, path, self.lines)
        except OSError as error:
            self._confirmed_overwrite = None
            self._say(write_problem(path, error))
            return
        self.dismiss(SavedLog(path, len(self.lines)))

    def action_cancel(self) -> None:
        self.dismiss(None)
