"""`kubefate-tui federation check DIR --live` against the Kubernetes emulator through the
embedded backend: members whose backend cannot be opened are one finding each."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models.enums import JobStatus
from kubefate_tui.actions.cluster_file import read_cluster_file
from kubefate_tui.cli import main
from tests.charts.fate_renders import BUNDLED_CHARTS
from tests.federation_console.federation_folder import Party, write_federation, write_planned
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options


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


NODE_IP = "192.168.49.2"
"""The emulator's node address (what Info says)."""


async def _deploy(backend: EmbeddedBackend, files: list[Path], emulator: KubeEmulator) -> None:
    """Install each file's cluster and wait (on the emulator's pace) until every job ends."""
    await backend.start()
    try:
        jobs = [await backend.install_cluster(read_cluster_file(f).cluster_args()) for f in files]
        emulator.controller.auto_ready(delay_ms=20)
        for job in jobs:
            for _ in range(500):
                if (await backend.get_job(job.uuid)).status is JobStatus.SUCCESS:
                    break
                await asyncio.sleep(0.02)  # the job runs in the backend; its wait is the emulator's
            else:
                raise AssertionError(f"job {job.uuid} did not succeed")
    finally:
        await backend.close()


def test_a_route_on_another_port_than_the_deployed_gateway_is_an_error(
    kube_emulator: KubeEmulator,
    kubeconfig: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for namespace in ("fate-9999", "fate-10000"):
        kube_emulator.controller.create_namespace(namespace)
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False, host=NODE_IP)
    files = [folder / f"party-{party}" / "cluster.yaml" for party in (9999, 10000)]
    db = tmp_path / "kubefate.db"
    options = offline_options(db, kube=KubeSettings(kubeconfig=kubeconfig))
    options = replace(options, bundled_charts=BUNDLED_CHARTS)
    asyncio.run(_deploy(EmbeddedBackend(options), files, kube_emulator))
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
