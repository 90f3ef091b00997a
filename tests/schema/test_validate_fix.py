"""`kubefate-tui validate --fix` as a user runs it: old layouts converted in the files named,
each change printed, the files written back with their permissions, then validated."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kubefate_tui.cli import main
from tests.schema.helpers import REPO, V2

OLD = V2 / "party-9999-cluster.yaml"
OLD_CHANGES = [
    "17: fixed: modules[0]: rollsite → osx",
    "26: fixed: federation: Eggroll → OSX",
    "39: fixed: rollsite → osx (section renamed: type, nodePort, partyList carried over)",
    "42: fixed: rollsite.partyList → osx.partyList (1 party)",
]


def fix(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "validate", "--fix", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def _copy(source: Path, target: Path, mode: int = 0o644) -> Path:
    target.write_bytes(source.read_bytes())
    target.chmod(mode)
    return target


def test_old_layouts_are_fixed_printed_and_the_rest_left_alone(tmp_path: Path) -> None:
    old = _copy(OLD, tmp_path / "party.yaml", 0o640)
    gpu = _copy(V2 / "party-9999-cluster-gpu.yaml", tmp_path / "gpu.yaml")
    clean = _copy(V2 / "cluster.yaml", tmp_path / "clean.yaml")
    before = clean.stat()
    result = fix(str(old), str(gpu), str(clean))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        *(f"{old}:{line}" for line in OLD_CHANGES),
        *(f"{gpu}:{line}" for line in OLD_CHANGES),
    ]
    assert result.stderr == "0 errors, 0 warnings in 3 files; fixed 8 places in 2 files\n"
    data = yaml.safe_load(old.read_text())
    assert data["modules"][0] == "osx" and data["federation"] == "OSX"
    assert data["osx"]["partyList"] == [
        {"partyId": 10000, "partyIp": "192.168.10.1", "partyPort": 30101}
    ]
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    # Nothing to fix: not even rewritten with the same bytes.
    after = clean.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert clean.read_bytes() == (V2 / "cluster.yaml").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_fixing_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    old = _copy(OLD, tmp_path / "party.yaml")
    assert fix(str(old)).returncode == 0
    fixed = old.read_bytes()
    again = fix(str(old))
    assert (again.returncode, again.stdout) == (0, "")
    assert again.stderr == "0 errors, 0 warnings in 1 file; nothing fixed\n"
    assert old.read_bytes() == fixed


def test_json_carries_the_changes_and_the_findings_after_them(tmp_path: Path) -> None:
    old = _copy(OLD, tmp_path / "party.yaml")
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(["validate", "--fix", "--format", "json", str(old)])
    finally:
        sys.stdout, sys.stderr = saved
    assert status == 0
    shown = json.loads(out.getvalue())
    assert shown["findings"] == []
    assert shown["fixed"][2] == {
        "file": str(old),
        "line": 39,
        "path": "osx",
        "old_path": "rollsite",
        "fixed": True,
        "message": "rollsite → osx (section renamed: type, nodePort, partyList carried over)",
    }
    assert [change["path"] for change in shown["fixed"]] == [
        "modules[0]",
        "federation",
        "osx",
        "osx.partyList",
    ]


def test_a_read_only_file_is_refused_and_still_validated(tmp_path: Path) -> None:
    locked = _copy(OLD, tmp_path / "locked.yaml", 0o444)
    result = fix(str(locked))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{locked}: not fixed: the file is read-only (mode 0444); nothing was changed",
        "0 errors, 3 warnings in 1 file; nothing fixed, 1 file left unchanged",
    ]
    assert len(result.stdout.splitlines()) == 3  # the warnings of the unchanged file
    assert locked.read_bytes() == OLD.read_bytes()


def test_a_directory_a_link_and_standard_input_get_a_clear_message(tmp_path: Path) -> None:
    target = _copy(OLD, tmp_path / "target.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(target.name)
    result = fix(str(tmp_path), str(link))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{tmp_path}: cannot read: is a directory" in lines
    assert (
        f"{link}: not fixed: it is a symbolic link to target.yaml; fix that file instead; "
        "nothing was changed"
    ) in lines
    assert target.read_bytes() == OLD.read_bytes() and link.is_symlink()
    piped = fix("-")
    assert piped.returncode == 2 and "standard input (-) cannot be rewritten" in piped.stderr


def test_line_ends_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = OLD.read_text()
    windows = tmp_path / "windows.yaml"
    windows.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    result = fix(str(windows))
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 4
    written = windows.read_bytes()
    assert written.startswith(b"\xef\xbb\xbfname: fate-9999\r\n")
    assert written.count(b"\n") == written.count(b"\r\n") == text.count("\n")
    assert b"\r\nosx:\r\n" in written


# root writes into any folder, so the refusal can only be staged for other users.
@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_nothing_is_left_behind_when_the_folder_refuses_the_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    old = _copy(OLD, folder / "party.yaml")
    folder.chmod(0o555)
    try:
        result = fix(str(old))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2 and "not fixed: cannot write it: Permission denied" in (
        result.stderr
    )
    assert old.read_bytes() == OLD.read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_file_fixed_by_root_keeps_its_owner(tmp_path: Path) -> None:
    old = _copy(OLD, tmp_path / "party.yaml", 0o600)
    os.chown(old, 65534, 65534)
    assert fix(str(old)).returncode == 0
    owner = old.stat()
    assert (owner.st_uid, owner.st_gid, stat.S_IMODE(owner.st_mode)) == (65534, 65534, 0o600)
    assert "osx:\n" in old.read_text()


def test_a_file_with_other_names_is_not_split_from_them(tmp_path: Path) -> None:
    old = _copy(OLD, tmp_path / "party.yaml")
    os.link(old, tmp_path / "other-name.yaml")
    result = fix(str(old))
    assert result.returncode == 2
    assert f"{old}: not fixed: the file has 2 names (hard links); nothing was changed" in (
        result.stderr.splitlines()
    )
    assert old.read_bytes() == OLD.read_bytes()


def test_what_cannot_be_converted_is_printed_and_the_rest_is_fixed(tmp_path: Path) -> None:
    both = tmp_path / "both.yaml"
    both.write_text(OLD.read_text() + "osx:\n  type: ClusterIP\n")
    result = fix(str(both))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{both}:17: fixed: modules[0]: rollsite → osx",
        f"{both}:26: fixed: federation: Eggroll → OSX",
        f"{both}:39: not fixed: rollsite: left as written: osx: is written too, and which of "
        "their keys to keep is yours to say; move what rollsite: holds into osx: and remove "
        "rollsite:",
    ]
    # ...and the validator, run on the file as written, still points at the section.
    assert lines[3].startswith(f'{both}:39:1: warning: section "rollsite:" is the v1.x layout')
    assert result.stderr == "0 errors, 1 warning in 1 file; fixed 2 places in 1 file\n"
    assert yaml.safe_load(both.read_text())["rollsite"]["nodePort"] == 30091
