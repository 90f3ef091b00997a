"""The file picker of install/update opens on the cluster.yaml files of a folder, not on its
build output; every other file is one key away."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.file_picker import FilePicker, FileTree

from .action_support import PickedCluster, embedded, show, wait_for_screen
from .conftest import screen_lines, settle, wait_until


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like a clone after `pip install .`: build output beside the cluster.yaml."""
    folder = tmp_path / "work"
    for sub in ("build", "dist", "kubefate_tui.egg-info", "__pycache__", "clusters", "venv"):
        (folder / sub).mkdir(parents=True)
    (folder / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (folder / "party-9999.yaml").write_text("name: a\n")
    (folder / "party-10000.yml").write_text("name: b\n")
    (folder / "notes.txt").write_text("hello\n")
    monkeypatch.chdir(folder)
    return folder


def names(tree: FileTree) -> list[str]:
    return [str(node.label) for node in tree.root.children]


async def open_picker(pilot: Pilot[None]) -> FilePicker:
    await pilot.press("i")
    picker = await wait_for_screen(pilot, FilePicker)
    tree = picker.file_tree
    await wait_until(pilot, lambda: bool(tree.root.children), "the folder listed")
    return picker


async def test_it_opens_on_the_yaml_files_without_build_folders(
    db_path: Path, checkout: Path
) -> None:
    app = KubefateApp(embedded(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, "clusters")
        await show(pilot, PickedCluster(None))
        picker = await open_picker(pilot)
        tree = picker.file_tree
        assert names(tree) == ["party-10000.yml", "party-9999.yaml", "clusters"]
        await pilot.pause()
        assert tree.cursor_node is not None and str(tree.cursor_node.label) == "party-10000.yml"
        drawn = "\n".join(screen_lines(app))
        assert "party-9999.yaml" in drawn and "egg-info" not in drawn and "build" not in drawn

        await pilot.press("ctrl+t")  # every file and folder
        await wait_until(pilot, lambda: "notes.txt" in names(tree), "every file")
        assert {"build", "dist", "kubefate_tui.egg-info", "venv"} <= set(names(tree))
        assert names(tree)[:2] == ["party-10000.yml", "party-9999.yaml"]
        assert "every file" in "\n".join(screen_lines(app))

        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "notes.txt" not in names(tree), "the yaml files again")
        assert names(tree) == ["party-10000.yml", "party-9999.yaml", "clusters"]
