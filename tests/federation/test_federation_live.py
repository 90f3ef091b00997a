"""`kubefate-tui federation check DIR --live` against the Kubernetes emulator through the
embedded backend: members whose backend cannot be opened are one finding each."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubefate_tui.cli import main
from tests.federation_console.federation_folder import Party, write_federation


def test_a_member_on_an_unknown_profile_is_one_finding_not_a_traceback(
    kubeconfig: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no profiles at all
    folder = write_federation(
        tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101, profile="lab-b")]
    )
    db = str(tmp_path / "kubefate.db")

    status = main(["--db", db, "federation", "check", str(folder), "--live"])

    out, err = capsys.readouterr()
    unreachable = [line for line in out.splitlines() if "backend unreachable" in line]
    assert len(unreachable) == 1, out
    assert unreachable[0].startswith(str(folder / "federation.yaml") + ":")
    assert "party 10000" in unreachable[0] and "lab-b" in unreachable[0]
    assert "Traceback" not in err
    assert status == 1


def test_without_live_no_backend_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = write_federation(
        tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101, profile="lab-b")]
    )

    status = main(["federation", "check", str(folder)])

    out, _ = capsys.readouterr()
    assert "backend unreachable" not in out
    assert status == 0
