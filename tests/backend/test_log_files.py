"""The service's and the console's log files: where they are, who may read them, what they hold."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from backend.logs.log_files import log_file_handler
from kubefate_tui.cli import main

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6ImFkbWluIn0.c2lnbmF0dXJl"


def test_config_path_names_the_config_file_then_the_log_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["config", "path"]) == 0
    data = tmp_path / "data" / "kubefate-tui"
    assert capsys.readouterr().out.splitlines() == [
        str(tmp_path / "config" / "kubefate-tui" / "config.yaml"),
        f"console log: {data / 'console.log'}",
        f"serve log: {data / 'serve.log'}",
        f"helm log: {data / 'helm.log'}",
    ]


def test_the_console_logs_to_a_private_file_and_never_to_the_screen(
    console_log: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    log = logging.getLogger("backend.engine.job_engine")
    try:
        raise RuntimeError(f"GET /v1/job?token={TOKEN} failed")
    except RuntimeError:
        log.exception("job %s failed unexpectedly", "j-1")
    logging.getLogger("kubefate_tui.anything").warning("Authorization: Bearer %s", TOKEN)

    assert capfd.readouterr() == ("", "")
    text = console_log.read_text()
    assert "ERROR backend.engine.job_engine: job j-1 failed unexpectedly" in text
    assert "Traceback (most recent call last)" in text and "token=*** failed" in text
    assert "Bearer ***" in text and TOKEN not in text
    assert stat.S_IMODE(console_log.stat().st_mode) == 0o600


def test_a_log_file_made_readable_by_others_is_private_again_and_so_are_rotated_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "logs" / "serve.log"
    path.parent.mkdir()
    path.write_text("from an older version\n")
    path.chmod(0o644)
    handler = log_file_handler(path)
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    try:
        handler.emit(logging.makeLogRecord({"msg": "before"}))
        handler.doRollover()
        handler.emit(logging.makeLogRecord({"msg": "after"}))
    finally:
        handler.close()
    rotated = path.with_name("serve.log.1")
    assert "before" in rotated.read_text() and "after" in path.read_text()
    assert [stat.S_IMODE(p.stat().st_mode) for p in (path, rotated)] == [0o600, 0o600]
