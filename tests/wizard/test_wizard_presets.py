"""Every preset, from `w` in Clusters to a saved file, with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backend.presets import PRESETS
from backend.schema.validator import validate_text
from kubefate_tui.dialogs.prompt_dialog import PromptDialog
from kubefate_tui.wizard.preset_picker import PresetPicker
from kubefate_tui.wizard.wizard_screen import WizardScreen
from tests.console.conftest import settle, wait_until

from .test_wizard_screen import _app, _drawn_lines


@pytest.mark.parametrize("index", range(len(PRESETS)), ids=[p.name for p in PRESETS])
async def test_w_picks_a_preset_walks_every_step_and_saves_it(
    tmp_path: Path, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    preset = PRESETS[index]
    monkeypatch.chdir(tmp_path)
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PresetPicker), "the presets")
        await pilot.pause()
        assert preset.when.split()[0] in " ".join(_drawn_lines(pilot))  # each says when
        # How to go on stays drawn at 80x24, below a list longer than the screen.
        assert "enter starts the wizard · esc cancels" in " ".join(_drawn_lines(pilot))
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.start.source == f"preset {preset.name}"
        while wizard.step != "review":
            await pilot.press("ctrl+n")
            await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptDialog), "where to save")
        for key in "party.yaml":
            await pilot.press(key)
        await pilot.press("enter")
        saved = tmp_path / "party.yaml"
        await wait_until(pilot, saved.exists, "the saved file")
    text = saved.read_text()
    assert yaml.safe_load(text) == yaml.safe_load(preset.text())
    assert [f for f in validate_text(text) if f.is_error] == []


async def test_w_can_plan_a_whole_federation_and_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.federation.consistency import check_federation
    from backend.federation.federation_file import load_federation
    from kubefate_tui.screens.federations_screen import FederationsScreen
    from kubefate_tui.wizard.federation_form import FederationForm

    monkeypatch.chdir(tmp_path)
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PresetPicker), "the presets")
        await pilot.pause()
        await pilot.press("end", "enter")  # the last choice: a federation
        await wait_until(pilot, lambda: isinstance(app.screen, FederationForm), "the form")
        for key in "9999,1000x":
            await pilot.press(key)
        await pilot.pause()
        assert "party ids are positive whole numbers" in " ".join(_drawn_lines(pilot))
        await pilot.press("backspace", "0", "enter")  # 9999,10000; enter moves on
        await pilot.press("space")  # with an exchange
        await pilot.press("tab", "tab")  # the preset keeps the default; on to the folder
        for key in "fed":
            await pilot.press(key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FederationsScreen), "the mode")
    federation = load_federation(tmp_path / "fed")
    assert [member.party_id for member in federation.parties] == [9999, 10000]
    assert federation.exchange is not None
    report = check_federation(federation)
    assert not [f for f in report.findings if f.finding.is_error]
