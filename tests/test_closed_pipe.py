"""A subcommand whose reader stops reading (`kubefate-tui validate … | head`) ends quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KUBEFATE_DATA, REPO_ROOT

PARTY = KUBEFATE_DATA / "v2.0.0" / "party-9999-cluster.yaml"  # three warnings each


def read_a_little_then_close(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run `kubefate-tui ARGS`, read its first bytes, close the pipe; (status, stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kubefate_tui", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()  # as `head -c 100` does
    errors = process.stderr.read().decode()
    return process.wait(timeout=60), errors


@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_into_a_closed_pipe_ends_quietly(output: str) -> None:
    # Far more than a pipe holds (64 KiB), so the writes meet the closed end.
    status, errors = read_a_little_then_close(
        ["validate", "--format", output, *[str(PARTY)] * 600], REPO_ROOT
    )
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    assert status == 141  # as a shell reports a program ended by SIGPIPE
