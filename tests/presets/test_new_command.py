"""`kubefate-tui new` as a user runs it: through the entry point (`main`) and a subprocess."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backend.presets import PRESETS, preset_named
from backend.schema.validator import validate_file
from kubefate_tui.cli import main
from tests.conftest import REPO_ROOT

NAMES = [preset.name for preset in PRESETS]


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`kubefate-tui new ARGS` in this process: (exit status, stdout, stderr)."""
    status = main(["new", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def comments(text: str) -> list[str]:
    """Every comment of a YAML text, in order (whole-line and end-of-line)."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@pytest.mark.parametrize("name", NAMES)
def test_new_writes_every_preset_and_the_file_validates(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"{name}.yaml"
    status, out, err = new(capsys, "--preset", name, "-o", str(target))
    assert (status, out) == (0, "")
    assert err.splitlines() == ["0 errors, 0 warnings in 1 file", f"wrote {target} (preset {name})"]
    assert target.read_text(encoding="utf-8") == preset_named(name).text()
    assert [f for f in validate_file(str(target)) if f.is_error] == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left behind


def test_without_a_preset_new_prints_the_default_to_stdout_from_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "new"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == preset_named("fate").text()
    assert result.stderr == "0 errors, 0 warnings in 1 file\n"


def test_set_changes_nested_values_and_keeps_every_comment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = new(
        capsys,
        "--set",
        "osx.nodePort=30100",
        "--set",
        "osx.partyList[0].partyIp=10.0.0.2",
        "--set",
        "name=fate-10000",
    )
    assert status == 0
    written = yaml.safe_load(out)
    assert written["osx"]["nodePort"] == 30100  # a number, as the schema types it
    assert written["osx"]["partyList"][0] == {
        "partyId": 10000,
        "partyIp": "10.0.0.2",
        "partyPort": 30101,
    }
    assert written["name"] == "fate-10000"
    preset = preset_named("fate").text()
    assert comments(out) == comments(preset)
    changed = [line for line in out.splitlines() if line not in preset.splitlines()]
    assert [line.split("#")[0].strip() for line in changed] == [
        "name: fate-10000",
        "nodePort: 30100",
        "partyIp: 10.0.0.2",
    ]


def test_a_party_added_by_set_goes_into_the_list_not_below_the_next_comment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = new(
        capsys,
        "--set",
        "osx.partyList[1].partyId=10001",
        "--set",
        "osx.partyList[1].partyIp=10.0.0.3",
        "--set",
        "osx.partyList[1].partyPort=30101",
    )
    assert status == 0
    assert yaml.safe_load(out)["osx"]["partyList"][1] == {
        "partyId": 10001,
        "partyIp": "10.0.0.3",
        "partyPort": 30101,
    }
    assert comments(out) == comments(preset_named("fate").text())
    party, gap, comment, python = out.split("    - partyId: 10001\n")[1].splitlines()[1:5]
    assert (party, gap, python) == ("      partyPort: 30101", "", "python:")
    assert comment.startswith("# FATE-Flow")


def test_the_same_key_twice_keeps_the_last(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = new(capsys, "--set", "partyId=10001", "--set", "partyId=10002")
    assert status == 0
    assert yaml.safe_load(out)["partyId"] == 10002


def test_an_unknown_path_is_refused_naming_the_closest_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cluster.yaml"
    status, out, err = new(capsys, "--set", "osx.nodeport=1", "-o", str(target))
    assert (status, out) == (1, "")
    assert err.startswith("--set osx.nodeport: not a key of the fate chart v2.x; did you mean ")
    assert "did you mean osx.nodePort" in err
    assert err.endswith("nothing written\n")
    assert not target.exists()


def test_a_value_out_of_range_is_refused_in_validates_words_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cluster.yaml"
    status, out, err = new(capsys, "--set", "osx.nodePort=1", "-o", str(target))
    assert status == 1
    (line,) = out.splitlines()
    assert line.startswith(f"{target}:")
    assert ": error: nodePort 1 is outside 30000-32767" in line
    assert line.endswith("[osx.nodePort]")
    assert err.splitlines() == ["1 error, 0 warnings in 1 file", "nothing written"]
    assert not target.exists()


def test_a_value_of_the_wrong_type_names_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = new(capsys, "--preset", "slim", "--set", "partyId=ten")
    assert (status, out) == (1, "")
    assert err.startswith("--set partyId: 'ten' is not a whole number")


def test_warnings_are_printed_and_the_file_is_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The fate preset routes to party 10000: making this party 10000 is suspicious, not wrong.
    status, out, err = new(capsys, "--set", "partyId=10000")
    assert status == 0
    assert yaml.safe_load(out)["partyId"] == 10000
    warning, summary = err.splitlines()
    assert warning.startswith("preset fate:") and ": warning: " in warning
    assert warning.endswith("[osx.partyList[0].partyId]")
    assert summary == "0 errors, 1 warning in 1 file"


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cluster.yaml"
    target.write_text("mine\n", encoding="utf-8")
    status, _, err = new(capsys, "--preset", "slim", "-o", str(target))
    assert status == 2
    assert err.splitlines()[-1] == f"{target}: already exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "mine\n"

    status, _, _ = new(capsys, "--preset", "slim", "-o", str(target), "--force")
    assert status == 0
    assert target.read_text(encoding="utf-8") == preset_named("slim").text()
    assert sorted(os.listdir(tmp_path)) == ["cluster.yaml"]


def test_an_unwritable_place_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "cluster.yaml"
    status, _, err = new(capsys, "-o", str(target))
    assert status == 2
    assert err.splitlines()[-1] == f"{target}: cannot write: No such file or directory"


def test_an_unknown_preset_names_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = new(capsys, "--preset", "spark")
    assert (status, out) == (2, "")
    assert "did you mean spark-pulsar or spark-rabbitmq?" in err


def test_list_shows_every_preset_default_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = new(capsys, "--list")
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == NAMES
    for line, preset in zip(lines, PRESETS, strict=True):
        assert preset.title in line and line.endswith(preset.when)


def test_validate_still_does_not_import_the_drafts() -> None:
    # `new`'s grammar is in cli.py; its imports (ruamel.yaml) happen only when it runs.
    code = (
        "import json, sys\n"
        "from kubefate_tui.cli import main\n"
        "rc = main(['validate', 'backend/presets/files/fate.yaml'])\n"
        "print(json.dumps([rc, sorted(m for m in sys.modules if m.startswith('ruamel'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert json.loads(result.stdout.splitlines()[-1]) == [0, []]
