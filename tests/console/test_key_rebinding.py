"""Every binding has an id, and config.yaml's `keys:` gives it other keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.cli import build_parser
from kubefate_tui.screens.help_screen import HelpScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.settings.key_bindings import apply_key_bindings, binding_ids
from kubefate_tui.subcommands.console_command import build_console
from tests.offline_backend import offline_options

from .conftest import settle, wait_until


def console(db_path: Path) -> KubefateApp:
    return KubefateApp(EmbeddedBackend(offline_options(db_path)))


def footer_keys(app: KubefateApp) -> dict[str, str]:
    """Binding id -> key, for the bindings in effect on the current screen."""
    return {
        active.binding.id: key
        for key, active in app.screen.active_bindings.items()
        if active.binding.id
    }


async def test_a_rebound_mode_key_switches_and_help_lists_it(db_path: Path) -> None:
    app = console(db_path)
    assert apply_key_bindings(app, {"mode.jobs": "j", "app.help": "?,f1"}) == []
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        assert footer_keys(app)["mode.jobs"] == "j"
        await pilot.press("2")  # the old key no longer switches
        await pilot.pause()
        assert isinstance(app.screen, ResourceScreen) and app.screen.MODE == "clusters"
        await pilot.press("j")
        await settle(pilot, "jobs")
        await pilot.press("f1")  # a second key for help
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert isinstance(app.screen, HelpScreen)
        listed = {key.binding_id: key.keys for key in app.screen.listed_keys()}
        assert listed["mode.jobs"] == "j"
        assert listed["mode.clusters"] == "1"  # the others keep their keys
        assert listed["app.help"] == "?, f1"


def test_an_unknown_id_is_named_with_the_closest_one(db_path: Path) -> None:
    app = console(db_path)
    config = Path("/home/me/.config/kubefate-tui/config.yaml")
    warnings = apply_key_bindings(app, {"mode.jobz": "j", "mode.charts": " , "}, config)
    assert warnings == [
        f"{config}: keys: no binding has the id 'mode.jobz', ignored; did you mean 'mode.jobs'?",
        f"{config}: keys.mode.charts: no key given, ignored",
    ]
    assert app._keymap == {}


def test_the_ids_cover_the_screens_and_widgets(db_path: Path) -> None:
    ids = binding_ids(console(db_path))
    expected = {"mode.jobs", "app.help", "screen.filter", "table.page_down", "command_line.close"}
    assert expected <= ids


def test_the_config_files_keys_reach_the_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    config = tmp_path / "config" / "kubefate-tui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("keys:\n  mode.jobs: j\n  no.such.binding: x\n", encoding="utf-8")
    args = build_parser().parse_args(["--db", str(tmp_path / "kubefate.db")])
    app, warnings = build_console(args)
    assert app._keymap == {"mode.jobs": "j"}
    assert [w for w in warnings if "no.such.binding" in w] == [
        f"{config}: keys: no binding has the id 'no.such.binding', ignored; "
        "`?` lists the ids of the keys in effect"
    ]
