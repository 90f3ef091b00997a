"""`kubefate-tui validate` as a user runs it (subprocesses), plus the in-process entry."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from kubefate_tui.subcommands.validate_command import run
from tests.schema.helpers import DATA, REPO, V2, alias_bomb

LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<message>.+)$"
)
# asyncio too: it alone costs ~45 ms, more than the whole validator.
HEAVY = (
    "textual",
    "kubernetes",
    "helm_python",
    "httpx",
    "aiosqlite",
    "starlette",
    "uvicorn",
    "asyncio",
)


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "validate", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        input=stdin,
        timeout=60,
    )


def test_clean_file_exits_0() -> None:
    result = cli(str(V2 / "cluster.yaml"))
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "0 errors, 0 warnings in 1 file"


def test_warnings_only_exit_0_with_compiler_lines() -> None:
    path = V2 / "party-9999-cluster.yaml"
    result = cli(str(path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    first = LINE.match(lines[0])
    assert first is not None
    assert first["file"] == str(path)
    assert (first["line"], first["column"], first["severity"]) == ("17", "5", "warning")
    assert first["message"].endswith("[modules[0]]")
    assert result.stderr.strip() == "0 errors, 3 warnings in 1 file"


def test_errors_exit_1() -> None:
    result = cli(str(DATA / "nodeport-range.yaml"), str(V2 / "cluster.yaml"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(LINE.match(line) for line in lines)
    assert lines[0].startswith(f"{DATA / 'nodeport-range.yaml'}:19:13: error: nodePort 9370")
    assert lines[0].endswith("[osx.nodePort]")
    assert result.stderr.strip() == "4 errors, 0 warnings in 2 files"


def test_unreadable_files_exit_2_and_the_rest_is_checked(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"name: caf\xe9\n")
    missing = tmp_path / "missing.yaml"
    result = cli(str(missing), str(DATA / "bad-name.yaml"), str(tmp_path), str(latin1))
    assert result.returncode == 2
    assert [line for line in result.stdout.splitlines()] == [
        line for line in result.stdout.splitlines() if LINE.match(line)
    ]
    assert "bad-name.yaml:1:7: error:" in result.stdout
    errors = result.stderr.splitlines()
    assert f"{missing}: cannot read: No such file or directory" in errors
    assert f"{tmp_path}: cannot read: is a directory" in errors
    assert f"{latin1}: cannot read: not UTF-8 text (byte 0xe9 at offset 9)" in errors
    assert errors[-1] == "1 error, 0 warnings in 4 files (3 unreadable)"


def test_json_format() -> None:
    broken = DATA / "duplicate-partyid.yaml"
    result = cli("--format", "json", str(broken), str(V2 / "party-9999-cluster.yaml"))
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert len(records) == 8
    assert set(records[0]) == {"file", "line", "column", "severity", "code", "path", "message"}
    assert records[0] == {
        "file": str(broken),
        "line": 25,
        "column": 16,
        "severity": "warning",
        "code": "own-party-route",
        "path": "osx.partyList[1].partyId",
        "message": records[0]["message"],
    }
    assert [r["code"] for r in records[-3:]] == ["v1-layout"] * 3
    clean = cli("--format", "json", str(V2 / "cluster.yaml"))
    assert (clean.returncode, json.loads(clean.stdout)) == (0, [])


def test_stdin() -> None:
    result = cli("-", stdin="name: Bad\nnamespace: x\nchartName: other\nchartVersion: v1\n")
    assert result.returncode == 1
    assert result.stdout.startswith('-:1:7: error: name "Bad" is not a valid Helm release name')


def test_no_heavy_imports() -> None:
    code = (
        "import json, sys\n"
        "from kubefate_tui.cli import main\n"
        f"rc = main(['validate', {str(V2 / 'cluster.yaml')!r}])\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(json.dumps({'rc': rc, 'heavy': heavy}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"rc": 0, "heavy": []}


def test_schema_package_imports_only_stdlib_and_yaml() -> None:
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import backend.schema.validator, backend.schema.catalog\n"
        "from backend.schema import schema_for\n"
        "schema_for('fate', 'v2.0.0'); schema_for('fate-serving', 'v2.1.6')\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "import json; print(json.dumps(sorted(new)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    # PyYAML loads its libyaml binding (_yaml, a Cython module) when available.
    pyyaml = {"yaml", "_yaml", "cython_runtime"}
    third_party = {
        name
        for name in json.loads(result.stdout)
        if name not in sys.stdlib_module_names
        and name not in pyyaml
        and name != "backend"
        and not name.startswith("_cython_")
    }
    assert third_party == set()


def test_run_in_process() -> None:
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(files=[str(DATA / "registry-slash-v2.yaml")], format="text")
    assert run(args, out=out, err=err) == 1
    assert out.getvalue().count("\n") == 1
    assert "registry-slash-v2.yaml:6:11: error: registry" in out.getvalue()
    assert err.getvalue() == "1 error, 0 warnings in 1 file\n"


def test_bounds_hold_for_files_too(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text((V2 / "cluster.yaml").read_text().splitlines()[0] + "\n" * 9 + alias_bomb())
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(4 * 8 * 1024 * 1024 + 1)  # one byte past what 8 Mi characters take
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(files=[str(bomb), str(huge)], format="text")
    assert run(args, out=out, err=err) == 1
    assert out.getvalue().splitlines() == [
        f"{bomb}:16:25: error: aliases (*name) expand the document to more than 1,000,000 values",
        f"{huge}:1:1: error: the file is larger than 32 MiB; a document of at most 8 MiB is read "
        "(a cluster.yaml is a few KB)",
    ]
