"""`kubefate-tui federation check DIR --live` against the Kubernetes emulator through the
embedded backend: members whose backend cannot be opened are one finding each."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubefate_tui.cli import main
from tests.federation.conftest import deploy_parties, two_planned_parties
from tests.federation_console.federation_folder import Party, write_federation
from tests.kube_emulator import KubeEmulator


def test_a_member_on_an_unknown_profile_is_one_finding_not_a_traceback(
    cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # cli_env: no config profiles at all, so lab-b is unknown
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


def test_a_route_on_another_port_than_the_deployed_gateway_is_an_error(
    cli_env: None,
    kube_emulator: KubeEmulator,
    kubeconfig: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = two_planned_parties(kube_emulator, tmp_path / "fed")
    files = [folder / f"party-{party}" / "cluster.yaml" for party in (9999, 10000)]
    db = tmp_path / "kubefate.db"
    deploy_parties(kube_emulator, kubeconfig, db, folder)
    check = ["--db", str(db), "federation", "check", str(folder), "--live"]

    assert main(check) == 0, capsys.readouterr().out
    capsys.readouterr()
    text = files[0].read_text("utf-8")
    port = 30101  # party 10000's gateway NodePort, as planned and as deployed
    assert f"partyPort: {port}" in text
    files[0].write_text(text.replace(f"partyPort: {port}", "partyPort: 30999"), "utf-8")
    status = main(check)

    out, err = capsys.readouterr()
    wrong = [line for line in out.splitlines() if "deployed-port" in line or "listens on" in line]
    assert wrong and all(line.startswith(f"{files[0]}:") for line in wrong), out
    assert f"listens on {port}" in wrong[0]
    assert "Traceback" not in err
    assert status == 1
