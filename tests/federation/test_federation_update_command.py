"""`kubefate-tui federation update DIR MEMBER` against the Kubernetes emulator: the member
updated from its file, the other party's route rewritten and that party updated too; without
`--yes` and without an answer nothing changes."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from backend.federation.routes import routes_of
from kubefate_tui.cli import build_parser
from kubefate_tui.subcommands.federation_update_command import run_update
from tests.federation.conftest import deploy_parties, two_planned_parties
from tests.federation_console.federation_folder import write_planned
from tests.kube_emulator import KubeEmulator


async def quick() -> None:
    await asyncio.sleep(0.02)  # between reads of a job the emulator finishes in milliseconds


def move_gateway(folder: Path) -> Path:
    """Party 10000's OSX NodePort 30101 → 30222 in its file; the file routing to it."""
    moved = folder / "party-10000" / "cluster.yaml"
    moved.write_text(moved.read_text("utf-8").replace("nodePort: 30101", "nodePort: 30222"))
    return folder / "party-9999" / "cluster.yaml"


def test_update_prints_the_change_then_each_members_job_to_its_end(
    cli_env: None, kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = two_planned_parties(kube_emulator, tmp_path / "fed")
    deploy_parties(kube_emulator, kubeconfig, tmp_path / "kubefate.db", folder)
    router = move_gateway(folder)
    db = str(tmp_path / "kubefate.db")
    args = build_parser().parse_args(
        ["--db", db, "federation", "update", str(folder), "10000", "--yes"]
    )
    out = io.StringIO()

    status = run_update(args, out, wait=quick)

    lines = out.getvalue().splitlines()
    assert status == 0, out.getvalue()
    assert lines[0].startswith("party 10000: update fate-10000/fate-10000 from party-10000/")
    assert "    line 42: osx.partyList[0].partyPort 30101 → 30222" in lines
    # Each member's line is printed as it changes: waiting, the job under way, its end.
    assert "party 9999: waiting for party 10000" in lines
    ends = [line for line in lines if line.endswith(" Success")]
    assert [line.split(" job ")[0] for line in ends] == [
        "party 10000: update",
        "party 9999: file rewritten (1 key) · update",
    ]
    assert [r.port for r in routes_of(router.read_text("utf-8")) if r.party_id == 10000] == [30222]
    service = kube_emulator.controller.get("Service", "fate-10000", "osx")
    assert service is not None
    assert [port.get("nodePort") for port in service["spec"]["ports"]] == [30222]


def test_without_yes_and_without_an_answer_nothing_changes(
    cli_env: None, kube_emulator: KubeEmulator, tmp_path: Path
) -> None:
    folder = two_planned_parties(kube_emulator, tmp_path / "fed")
    router = move_gateway(folder)
    before = router.read_bytes()
    db = str(tmp_path / "kubefate.db")
    args = build_parser().parse_args(["--db", db, "federation", "update", str(folder), "10000"])
    out = io.StringIO()

    status = run_update(args, out, wait=quick, ask=lambda question: "")

    assert status == 2
    assert "    line 42: osx.partyList[0].partyPort 30101 → 30222" in out.getvalue()
    assert "nothing changed (--yes updates without asking)" in out.getvalue()
    assert router.read_bytes() == before


def test_an_unknown_member_is_named_with_the_ones_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=True)
    args = build_parser().parse_args(["federation", "update", str(folder), "10001"])
    err = io.StringIO()

    assert run_update(args, io.StringIO(), err) == 2
    assert err.getvalue() == (
        "federation update: no member '10001' in fed (its members: exchange, 9999, 10000)\n"
    )
