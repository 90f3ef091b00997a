"""Parsed themes are cached between starts, so a start with every theme cached needs no YAML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kubefate_tui.theming.theme_catalog import load_catalog
from tests.conftest import REPO_ROOT

USER_THEME = """\
name: ocean
dark: true
primary: "#1e90ff"
background: "#001122"
"""


def themes_folder(tmp_path: Path, text: str = USER_THEME) -> Path:
    folder = tmp_path / "themes"
    folder.mkdir(exist_ok=True)
    (folder / "ocean.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_cached_start_gives_the_same_themes(tmp_path: Path) -> None:
    folder, cache = themes_folder(tmp_path), tmp_path / "cache" / "themes.json"
    first = load_catalog(folder, cache_path=cache)
    assert cache.is_file() and len(json.loads(cache.read_text())) == 4  # 3 shipped + ocean
    second = load_catalog(folder, cache_path=cache)
    assert second.names == first.names
    assert second.themes["ocean"].primary == first.themes["ocean"].primary == "#1e90ff"
    assert second.themes["kubefate-light"].dark is False


def test_an_edited_theme_file_is_read_again(tmp_path: Path) -> None:
    folder, cache = themes_folder(tmp_path), tmp_path / "themes.json"
    load_catalog(folder, cache_path=cache)
    themes_folder(tmp_path, USER_THEME.replace("#1e90ff", "#ff8800"))
    assert load_catalog(folder, cache_path=cache).themes["ocean"].primary == "#ff8800"
    assert len(json.loads(cache.read_text())) == 4  # the old entry is gone, not piled up


def test_a_garbled_or_unwritable_cache_changes_nothing(tmp_path: Path) -> None:
    folder = themes_folder(tmp_path)
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json", encoding="utf-8")
    assert "ocean" in load_catalog(folder, cache_path=garbled).names
    assert len(json.loads(garbled.read_text())) == 4  # rewritten whole
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert "ocean" in load_catalog(folder, cache_path=blocked / "themes.json").names


def test_a_start_with_every_theme_cached_never_imports_yaml(tmp_path: Path) -> None:
    # The console is built as `kubefate-tui` builds it, twice, each in a fresh interpreter:
    # the first fills the cache, the second must find everything there.
    script = (
        "import sys\n"
        "from kubefate_tui.cli import build_parser\n"
        "from kubefate_tui.subcommands.console_command import build_console\n"
        f"build_console(build_parser().parse_args(['--db', {str(tmp_path / 'k.db')!r}]))\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"], runs
    assert REPO_ROOT.is_dir()
