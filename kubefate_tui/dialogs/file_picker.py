"""Pick a file: a folder tree showing only the wanted kinds of file, and a path field.

The folder shown first is where the user last picked a file for the same purpose in this
session (else the working directory).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar
from weakref import WeakKeyDictionary

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Input, Static, Tree
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode

from kubefate_tui.dialogs.dialog_screen import DialogScreen

_last_folders: WeakKeyDictionary[App[object], dict[str, Path]] = WeakKeyDictionary()


def last_folder(app: App[object], purpose: str) -> Path:
    """Where the user last picked a file for `purpose` in this app; the working directory."""
    folder = _last_folders.get(app, {}).get(purpose)
    return folder if folder is not None and folder.is_dir() else Path.cwd()


def remember_folder(app: App[object], purpose: str, folder: Path) -> None:
    """Start the next picker for `purpose` in `folder`."""
    _last_folders.setdefault(app, {})[purpose] = folder


def suffix_text(suffixes: tuple[str, ...]) -> str:
    """`.yaml or .yml`, `.tgz`: the kinds of file a picker accepts, for messages."""
    if len(suffixes) == 1:
        return suffixes[0]
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1]


CLUTTER_FOLDERS = ("__pycache__", "node_modules", "build", "dist")
"""Folders of build output and caches: never where a cluster.yaml is kept."""


def is_clutter(folder: Path) -> bool:
    """A folder made by tools (builds, caches, a virtualenv), hidden unless all are shown."""
    name = folder.name
    return (
        name in CLUTTER_FOLDERS
        or name.endswith(".egg-info")
        or (folder / "pyvenv.cfg").is_file()  # a virtualenv, whatever its name
    )


class FileTree(DirectoryTree):
    """A folder tree of the files with one of `suffixes` (listed first, so the cursor starts
    on one) and the folders, without hidden entries and build or cache folders; with
    `show_all`, every file and folder but hidden ones."""

    def __init__(self, path: Path, suffixes: tuple[str, ...], *, id: str | None = None) -> None:
        self.suffixes = suffixes
        self.show_all = False
        super().__init__(path, id=id)

    def wanted(self, path: Path) -> bool:
        """A file of the kinds asked for."""
        return path.suffix.lower() in self.suffixes and not self._safe_is_dir(path)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        shown = []
        for path in paths:
            if path.name.startswith("."):
                continue
            if self._safe_is_dir(path):
                if self.show_all or not is_clutter(path):
                    shown.append(path)
            elif self.show_all or self.wanted(path):
                shown.append(path)
        return shown

    def _populate_node(self, node: TreeNode[DirEntry], content: Iterable[Path]) -> None:
        # DirectoryTree lists folders first; the files asked for come first here, so that
        # the picker opens with the cursor on one. (Textual's hook for one folder's entries;
        # the version is pinned in pyproject.)
        ordered = sorted(content, key=lambda path: not self.wanted(path))  # stable
        super()._populate_node(node, ordered)
        if node is self.root and ordered and self.wanted(ordered[0]):
            # On the first file asked for, not the folder; once the lines are laid out.
            self.call_after_refresh(self.move_cursor, node.children[0])


class FilePicker(DialogScreen[Path | None]):
    """A file with one of `suffixes`, or None when the user cancels.

    `enter` on a file in the tree picks it; the path field takes any path (`~` allowed,
    relative to the working directory): a folder opens in the tree, a file is checked and
    picked, and what is wrong is said under the field.
    """

    DEFAULT_CSS = """
    FilePicker #dialog { width: 100; height: 90%; }
    FilePicker FileTree { height: 1fr; border: tall $panel; }
    FilePicker #picker-path { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace", "parent_folder", "Up a folder", id="file_picker.parent"),
        Binding("ctrl+t", "toggle_all", "All files", id="file_picker.all_files"),
    ]

    def __init__(self, title: str, suffixes: tuple[str, ...], *, purpose: str) -> None:
        super().__init__(cancel_result=None)
        self.title_text = title
        self.suffixes = tuple(suffix.lower() for suffix in suffixes)
        self.purpose = purpose
        self.start = Path.cwd()

    def compose(self) -> ComposeResult:
        self.start = last_folder(self.app, self.purpose)
        kinds = suffix_text(self.suffixes)
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = (
                "enter picks · backspace: up a folder · ctrl+t: all files · tab: path · esc cancels"
            )
            yield Static(self._showing_text(), id="picker-showing", markup=False)
            yield FileTree(self.start, self.suffixes, id="picker-tree")
            yield Input(
                str(self.start) + "/", placeholder=f"path to a {kinds} file", id="picker-path"
            )
            yield Static("", classes="field-message", id="picker-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Open", variant="primary", id="open")

    def on_mount(self) -> None:
        self.query_one(FileTree).focus()

    def _showing_text(self) -> str:
        kinds = suffix_text(self.suffixes)
        if self.query(FileTree) and self.file_tree.show_all:
            return f"Showing every file (ctrl+t: only {kinds} files)."
        return f"Showing {kinds} files first, then folders (ctrl+t: every file)."

    def action_toggle_all(self) -> None:
        """Show every file and folder, or again only the files asked for."""
        tree = self.file_tree
        tree.show_all = not tree.show_all
        self.query_one("#picker-showing", Static).update(self._showing_text())
        tree.reload()

    @property
    def file_tree(self) -> FileTree:
        return self.query_one(FileTree)

    @property
    def path_input(self) -> Input:
        return self.query_one("#picker-path", Input)

    @property
    def message(self) -> str:
        """What is wrong with the path typed ("" when nothing)."""
        return self.field_message("picker-message")

    def _say(self, text: str) -> None:
        self.show_field_message("picker-message", text)

    def _show_folder(self, folder: Path) -> None:
        self.file_tree.path = folder
        self.path_input.value = str(folder) + "/"

    def action_parent_folder(self) -> None:
        """Show the folder above the one shown."""
        self._show_folder(Path(self.file_tree.path).resolve().parent)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[DirEntry]) -> None:
        entry = event.node.data
        if entry is not None:  # the field follows the tree
            self.path_input.value = str(entry.path)
            self._say("")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self._pick(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open":
            self._open(self.path_input.value)
        else:
            self.dismiss(None)

    def _open(self, text: str) -> None:
        """Act on a typed path: show a folder, pick a file, or say what is wrong with it."""
        if not text.strip():
            self._say("path: type the path of a file, or pick one in the tree")
            return
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            self._show_folder(path)
            self._say("")
        elif not path.exists():
            self._say(f"{path}: no such file")
        else:
            self._pick(path)

    def _pick(self, path: Path) -> None:
        if path.suffix.lower() not in self.suffixes and not self.file_tree.show_all:
            kinds = suffix_text(self.suffixes)
            self._say(f"{path}: not a {kinds} file (ctrl+t shows every file, to pick another)")
            return
        path = path.resolve()
        remember_folder(self.app, self.purpose, path.parent)
        self.dismiss(path)
