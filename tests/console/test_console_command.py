"""`kubefate-tui` (no subcommand): option handling of the console command."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.interface import BackendKind
from backend.paths import default_db_path
from kubefate_tui.cli import build_parser
from kubefate_tui.subcommands.console_command import (
    database_path,
    embedded_backend,
    remote_backend,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def console(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kubefate_tui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def test_an_unusable_remote_url_is_named_in_one_line() -> None:
    result = console("--remote", "ftp://kubefate.example.com")
    assert result.returncode == 2
    assert result.stderr == (
        "kubefate-tui: service URL 'ftp://kubefate.example.com': the scheme must be http or "
        "https, not 'ftp'\n"
    )
    assert result.stdout == ""


def test_remote_mode_builds_the_remote_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FATECLOUD_USER_USERNAME", "ops")
    backend = remote_backend("https://kubefate.example.com:8443")
    description = backend.describe()
    assert description.kind is BackendKind.REMOTE
    assert description.location.startswith("https://kubefate.example.com:8443")
    assert description.username == "ops"


def test_an_unknown_theme_is_refused_listing_the_themes(tmp_path: Path) -> None:
    db = tmp_path / "kubefate.db"
    result = console("--db", str(db), "--theme", "nope")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown theme 'nope'" in result.stderr
    assert "textual-dark" in result.stderr and "textual-light" in result.stderr
    assert not db.exists()  # refused before anything was opened


def test_the_database_is_db_or_the_per_user_default(tmp_path: Path) -> None:
    assert database_path(parse("--db", str(tmp_path / "x.db"))) == tmp_path / "x.db"
    assert database_path(parse("--db", "~/k.db")) == Path("~/k.db").expanduser()
    assert database_path(parse()) == default_db_path()


def test_the_backend_follows_the_options_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FATECLOUD_USER_USERNAME", "ops")
    monkeypatch.setenv("FATECLOUD_USER_PASSWORD", "s3cret")
    backend = embedded_backend(parse("--db", str(tmp_path / "k.db"), "--read-only"))
    description = backend.describe()
    assert description.kind is BackendKind.EMBEDDED
    assert description.location == str(tmp_path / "k.db")
    assert description.username == "ops" and description.read_only


def test_without_the_environment_the_admin_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FATECLOUD_USER_USERNAME", raising=False)
    monkeypatch.delenv("FATECLOUD_USER_PASSWORD", raising=False)
    backend = embedded_backend(parse("--db", str(tmp_path / "k.db")))
    assert backend.describe().username == "admin" and not backend.describe().read_only


def test_a_bad_setting_is_named_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "--db", str(tmp_path / "k.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FATECLOUD_AUTH_TOKENLIFETIME": "forever"},
    )
    assert result.returncode == 2
    assert "FATECLOUD_AUTH_TOKENLIFETIME" in result.stderr
    assert "Traceback" not in result.stderr
