"""The wizard as a user drives it with the keyboard: steps, validation beside the field,
engine rules, saving (comments kept), and what is drawn at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, SelectionList

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
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
    # Drawn and focused: a field focused before the wizard's own first focus would lose it.
    await wait_until(pilot, lambda: wizard.drawn_step is not None, "the first step fields")
    await pilot.pause()
    return wizard


async def _go_to(pilot: Pilot[None], wizard: WizardScreen, step: str) -> None:
    for _ in range(12):
        if wizard.step == step:
            break
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: wizard.drawn_step is not None, "the next step")
    assert wizard.step == step
    await wait_until(pilot, lambda: wizard.drawn_step == step, f"the {step} step drawn")
    await pilot.pause()


def _drawn_lines(pilot: Pilot[None]) -> list[str]:
    assert isinstance(pilot.app, KubefateApp)
    return screen_lines(pilot.app)


def _row(wizard: WizardScreen, path: str) -> FieldRow:
    return next(row for row in wizard.query(FieldRow) if row.path == path)


async def _type_into(pilot: Pilot[None], wizard: WizardScreen, path: str, text: str) -> None:
    row = _row(wizard, path)
    field = row.query_one(Input)
    row.focus_input()  # opens its module's group
    await wait_until(pilot, lambda: field.has_focus, "the field's focus")
    field.value = ""
    await pilot.pause()
    for char in text[:-1]:
        await pilot.press(char)
    await pilot.press(text[-1])
    try:
        await wait_until(
            pilot,
            lambda: (
                wizard._texts.get(path) == text and not wizard._draining and not wizard._pending
            ),
            "the edits",
        )
    except AssertionError:  # say what was typed and what the wizard took, for the next person
        raise AssertionError(
            f"typed {text!r} into {path}: the field holds {field.value!r}, the wizard last "
            f"applied {wizard._texts.get(path)!r} (pending {wizard._pending}, draining "
            f"{wizard._draining})"
        ) from None
    await pilot.pause()


async def _choose(pilot: Pilot[None], wizard: WizardScreen, path: str, value: str) -> None:
    """Pick `value` in a choice field with the keyboard (enter opens, arrows, enter picks)."""
    row = _row(wizard, path)
    select = row.query_one(Select)
    row.focus_input()
    await wait_until(pilot, lambda: select.has_focus, "the choice's focus")
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
        assert "\npartyId: 99\n" in wizard.state.text  # the last value that was a number
        await _type_into(pilot, wizard, "namespace", "fate-1")  # another field changes
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
    # A module no engine uses: a warning, no error.
    original = (
        (DATA / "cluster.yaml").read_text().replace("  - client\n", "  - client\n  - spark\n")
    )
    target = tmp_path / "out.yaml"
    target.write_text(original)
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster.yaml", target))
        assert [f.code for f in wizard.state.findings] == ["module-unused"]
        await _type_into(pilot, wizard, "partyId", "10000")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, FindingsDialog), "the warnings"
        )
        assert "Save anyway" in "\n".join(_drawn_lines(pilot))
        await pilot.click("#proceed")
        await wait_until(pilot, lambda: "\npartyId: 10000\n" in target.read_text(), "the save")
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


async def test_an_old_layout_is_offered_a_conversion_on_opening(tmp_path: Path) -> None:
    # KubeFATE's own party-9999 example lists `rollsite` under chart v2.0.0: no gateway.
    original = (DATA / "party-9999-cluster.yaml").read_text()
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, "clusters")
        app.open_wizard(WizardStart(original, "file party-9999-cluster.yaml"))
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the offer")
        await pilot.pause(0.1)
        drawn = " ".join(" ".join(_drawn_lines(pilot)).split())
        assert "Convert it?" in drawn and "rollsite → osx" in drawn
        app.screen.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        await wait_until(pilot, lambda: bool(wizard.query("#field-input")), "the fields")
        assert "converted from the older layout" in " ".join(_drawn_lines(pilot))
        data = yaml.safe_load(wizard.state.text)
        assert "osx" in data["modules"] and "rollsite" not in data["modules"]
        assert data["osx"]["partyList"] == yaml.safe_load(original)["rollsite"]["partyList"]
        assert not [f for f in wizard.state.findings if f.code == "v1-layout"]


async def test_e_opens_the_selected_cluster_for_an_update(tmp_path: Path) -> None:
    from dataclasses import replace

    from backend.models import Cluster, ClusterStatus

    backend = EmbeddedBackend(offline_options(tmp_path / "db"))
    app = KubefateApp(backend, clock=fixed_clock)
    values = (DATA / "cluster.yaml").read_text()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, "clusters")
        cluster = Cluster(
            uuid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
            name="fate-9999",
            namespace="fate-9999",
            chart_name="fate",
            chart_version="v2.0.0",
            values=values,
            status=ClusterStatus.RUNNING,
        )
        async with backend.store.transaction() as tx:
            await tx.clusters.insert(replace(cluster))
        app.screen.request_reload()  # type: ignore[attr-defined]
        await settle(pilot, "clusters")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.start.updates == ("fate-9999", "fate-9999")
        assert wizard.state.text == values
        await wait_until(pilot, lambda: bool(wizard.query("#field-input")), "the fields")
        assert "Wizard · Update · from cluster fate-9999/fate-9999" in _drawn_lines(pilot)[0]


async def test_a_pulsar_route_to_another_party_asks_for_this_partys_own_entry(
    tmp_path: Path,
) -> None:
    from kubefate_tui.dialogs.prompt_dialog import PromptDialog
    from kubefate_tui.wizard.add_row import AddRow

    original = (DATA / "cluster-spark-pulsar.yaml").read_text()
    app = _app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster-spark-pulsar.yaml"))
        await _go_to(pilot, wizard, "network")
        add = next(row for row in wizard.query(AddRow) if row.path == "pulsar.route_table")
        add.query_one(Button).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptDialog), "the party id")
        for key in "10000":
            await pilot.press(key)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any(r.path == "pulsar.route_table.10000.host" for r in wizard.query(FieldRow)),
            "the new entry's fields",
        )
        await _type_into(pilot, wizard, "pulsar.route_table.10000.host", "10.0.0.2")
        add = next(row for row in wizard.query(AddRow) if row.path == "pulsar.route_table")
        assert "but not this one (partyId 9999)" in add.message_text
        add.scroll_visible()
        await pilot.pause()
        drawn = " ".join(" ".join(_drawn_lines(pilot)).split())
        assert "warning: pulsar.route_table lists other parties but not this one" in drawn
        assert yaml.safe_load(wizard.state.text)["pulsar"]["route_table"] == {
            10000: {"host": "10.0.0.2"}
        }


async def test_the_namespace_completes_from_the_backends_namespaces(tmp_path: Path) -> None:
    original = (DATA / "cluster.yaml").read_text()
    async with _app(tmp_path).run_test(size=(100, 30)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file cluster.yaml"))
        wizard._suggestions = {}
        _row(wizard, "namespace").offer(("fate-10000", "kube-system"))
        await _type_into(pilot, wizard, "namespace", "fate-1")
        await pilot.pause()
        assert "fate-10000" in " ".join(_drawn_lines(pilot))  # offered as a completion
        await pilot.press("right")  # takes it
        await wait_until(pilot, lambda: "namespace: fate-10000" in wizard.state.text, "it")


async def test_a_new_party_id_takes_its_own_route_entries_along(tmp_path: Path) -> None:
    original = (DATA / "party-9999-cluster-spark-pulsar.yaml").read_text()
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await _open(pilot, WizardStart(original, "file party-9999.yaml"))
        await _type_into(pilot, wizard, "partyId", "8888")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: wizard.step == "engines", "the next step")
        await pilot.pause()
        drawn = " ".join(" ".join(_drawn_lines(pilot)).split())
        assert "partyId is now 8888; this party's own route entries moved:" in drawn
        assert "pulsar.route_table.9999 → pulsar.route_table.8888" in drawn
        routes = yaml.safe_load(wizard.state.text)["pulsar"]["route_table"]
        assert list(routes) == [8888, 10000]
        assert not [f for f in wizard.state.findings if f.code == "own-route-missing"]
