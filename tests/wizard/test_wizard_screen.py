"""The wizard as a user drives it with the keyboard: steps, validation beside the field,
engine rules, saving (comments kept), and what is drawn at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.findings_dialog import FindingsDialog
from kubefate_tui.screens.help_screen import HelpScreen
from kubefate_tui.state.wizard_start import WizardStart
from kubefate_tui.wizard.field_row import FieldRow
from kubefate_tui.wizard.wizard_screen import WizardScreen
from tests.console.conftest import fixed_clock, screen_lines, settle, wait_until
from tests.offline_backend import offline_options

DATA = Path(__file__).resolve().parent.parent / "data" / "kubefate" / "v2.0.0"
CLEAN_EXAMPLES = [
    "cluster.yaml",
    "cluster-spark-pulsar.yaml",
    "cluster-spark-rabbitmq.yaml",
    "cluster-spark-slim.yaml",
    "party-9999-cluster-spark-pulsar.yaml",
]


def _app(tmp_path: Path) -> KubefateApp:
    return KubefateApp(EmbeddedBackend(offline_options(tmp_path / "db")), clock=fixed_clock)


async def _open(pilot: Pilot[None], start: WizardStart) -> WizardScreen:
    app = pilot.app
    assert isinstance(app, KubefateApp)
    await settle(pilot, "clusters")
    app.open_wizard(start)
    await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    await wait_until(
        pilot,
        lambda: bool(wizard.query(FieldRow).results()) and bool(wizard.query("#field-input")),
        "the first step fields",
    )
    return wizard


async def _go_to(pilot: Pilot[None], wizard: WizardScreen, step: str) -> None:
    for _ in range(12):
        if wizard.step == step:
            break
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert wizard.step == step
    await pilot.pause()


def _drawn_lines(pilot: Pilot[None]) -> list[str]:
    assert isinstance(pilot.app, KubefateApp)
    return screen_lines(pilot.app)


def _row(wizard: WizardScreen, path: str) -> FieldRow:
    return next(row for row in wizard.query(FieldRow) if row.path == path)


async def _type_into(pilot: Pilot[None], wizard: WizardScreen, path: str, text: str) -> None:
    row = _row(wizard, path)
    field = row.query_one(Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    for char in text:
        await pilot.press(char)
    await wait_until(pilot, lambda: not wizard._draining and not wizard._pending, "the edits")
    await pilot.pause()


async def _choose(pilot: Pilot[None], wizard: WizardScreen, path: str, value: str) -> None:
    """Pick `value` in a choice field with the keyboard (enter opens, arrows, enter picks)."""
    select = _row(wizard, path).query_one(Select)
    select.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    options = [str(option[1]) for option in select._options]  # blank prompt first
    current = options.index(str(select.value)) if select.value in options else 0
    target = options.index(value)
    for _ in range(abs(target - current)):
        await pilot.press("down" if target > current else "up")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not wizard._draining and not wizard._pending, "the edits")
    await pilot.pause()


@pytest.mark.parametrize("name", CLEAN_EXAMPLES)
async def test_walking_every_step_and_saving_gives_back_the_file(tmp_path: Path, name: str) -> None:
    original = (DATA / name).read_text()
    target = tmp_path / name
    target.write_text(original)
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(original, f"file {name}", target))
        seen = [wizard.step]
        while wizard.step != "review":
            await pilot.press("ctrl+n")
            await pilot.pause()
            seen.append(wizard.step)
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                wizard.start.text is not None
                and "saved" in str([n.message for n in pilot.app._notifications])
            ),
            "the save",
        )
    saved = target.read_text()
    assert yaml.safe_load(saved) == yaml.safe_load(original)
    assert [line for line in saved.splitlines() if "#" in line] == [
        line for line in original.splitlines() if "#" in line
    ]
    assert seen[0] == "basics" and seen[-1] == "review" and len(set(seen)) == len(seen)


async def test_an_invalid_node_port_is_refused_beside_the_field(tmp_path: Path) -> None:
    original = (DATA / "cluster.yaml").read_text()
    async with _app(tmp_path).run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster.yaml"))
        await _go_to(pilot, wizard, "network")
        await _type_into(pilot, wizard, "osx.nodePort", "80")
        row = _row(wizard, "osx.nodePort")
        assert "outside 30000-32767" in row.message_text
        row.scroll_visible()
        await pilot.pause()
        drawn = "\n".join(_drawn_lines(pilot))
        assert "nodePort 80 is outside" in drawn, drawn
        assert "1 error" in drawn  # the status line counts it
        assert "Network ✗1" in drawn  # and the step list marks the step
        await pilot.press("ctrl+s")  # saving is refused, and says why
        await pilot.pause()
        assert "fix them first" in " ".join(n.message for n in pilot.app._notifications)


async def test_a_value_of_the_wrong_type_is_refused_beside_the_field(tmp_path: Path) -> None:
    original = (DATA / "cluster.yaml").read_text()
    async with _app(tmp_path).run_test(size=(100, 30)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster.yaml"))
        await _type_into(pilot, wizard, "partyId", "99x")
        assert "'99x' is not a whole number" in _row(wizard, "partyId").message_text


async def test_choosing_spark_swaps_the_eggroll_modules_for_spark_ones(tmp_path: Path) -> None:
    original = (DATA / "cluster.yaml").read_text()
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster.yaml"))
        await _go_to(pilot, wizard, "engines")
        await _choose(pilot, wizard, "computing", "Spark")
        drawn = "\n".join(_drawn_lines(pilot))
        assert "engines: Spark / Pulsar / HDFS" in drawn
        assert "modules removed: osx, clustermanager, nodemanager" in drawn, drawn
        # Federation now offers only what goes with Spark.
        federation = _row(wizard, "federation").query_one(Select)
        assert {str(option[1]) for option in federation._options} >= {"Pulsar", "RabbitMQ"}
        assert "OSX" not in {str(option[1]) for option in federation._options}
        await _go_to(pilot, wizard, "modules")
        modules = wizard.query_one(SelectionList)
        assert set(modules.selected) >= {"spark", "hdfs", "nginx", "pulsar"}
        assert not {"osx", "clustermanager", "nodemanager"} & set(modules.selected)
        assert not wizard.state.errors
        data = yaml.safe_load(wizard.state.text)
        assert (data["computing"], data["federation"], data["storage"]) == (
            "Spark",
            "Pulsar",
            "HDFS",
        )


async def test_warnings_are_accepted_on_purpose_when_saving(tmp_path: Path) -> None:
    original = (DATA / "party-9999-cluster.yaml").read_text()  # 3 warnings, no error
    target = tmp_path / "out.yaml"
    target.write_text(original)
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file party-9999-cluster.yaml", target))
        await _type_into(pilot, wizard, "partyId", "10000")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, FindingsDialog), "the warnings"
        )
        assert "Save anyway" in "\n".join(_drawn_lines(pilot))
        await pilot.click("#proceed")
        await wait_until(pilot, lambda: "partyId: 10000" in target.read_text(), "the save")
    saved = target.read_text()
    assert yaml.safe_load(saved)["partyId"] == 10000
    assert saved.count("#") == original.count("#")


async def test_f1_lists_the_wizard_keys(tmp_path: Path) -> None:
    original = (DATA / "cluster.yaml").read_text()
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, WizardStart(original, "file cluster.yaml"))
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the keys")
        drawn = "\n".join(screen_lines(app))
        for words in ("Next step", "Previous step", "Save", "Install"):
            assert words in drawn


async def test_colon_wizard_with_an_unknown_preset_says_which_exist(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, "clusters")
        app.run_command("wizard nosuchpreset")
        await wait_until(pilot, lambda: bool(pilot.app._notifications), "a message")
        assert "nosuchpreset" in " ".join(n.message for n in pilot.app._notifications)


async def test_an_empty_clusters_list_says_how_to_start(tmp_path: Path) -> None:
    async with _app(tmp_path).run_test(size=(80, 24)) as pilot:
        await settle(pilot, "clusters")
        await pilot.pause()
        drawn = " ".join(" ".join(_drawn_lines(pilot)).split())
        assert "press w to create your first cluster" in drawn


def test_wizard_from_a_file_that_cannot_be_read_says_so_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kubefate_tui.cli import main

    assert main(["wizard", "--from", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: cannot read" in capsys.readouterr().err
    existing = tmp_path / "taken.yaml"
    existing.write_text("name: a\n")
    assert main(["wizard", "--preset", "fate", "--out", str(existing)]) == 2
    assert "does not overwrite" in capsys.readouterr().err
