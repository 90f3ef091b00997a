"""Running `kubefate-tui federation ...` in this process, as a user would from a shell."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from backend.drafts.cluster_draft import ClusterDraft
from backend.embedded import EmbeddedBackend
from backend.kube import KubeSettings
from backend.models.enums import JobStatus
from kubefate_tui.actions.cluster_file import read_cluster_file
from kubefate_tui.cli import main
from tests.charts.fate_renders import BUNDLED_CHARTS
from tests.federation_console.federation_folder import write_planned
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

NODE_IP = "192.168.49.2"
"""The emulator's node address (what Info says)."""


class Federation:
    """Runs `kubefate-tui federation ARGS` and edits the files it wrote."""

    def __init__(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        self.capsys = capsys
        self.folder = folder

    def run(self, *args: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr)."""
        status = main(["federation", *args])
        captured = self.capsys.readouterr()
        return status, captured.out, captured.err

    def new(self, *args: str) -> tuple[int, str, str]:
        return self.run("new", "--out", str(self.folder), *args)

    def check(self) -> tuple[int, str, str]:
        return self.run("check", str(self.folder))

    def file(self, member: str) -> Path:
        """`party-10000` or `exchange` -> its cluster.yaml."""
        return self.folder / member / "cluster.yaml"

    def edit(self, member: str, path: str, value: object) -> None:
        """Set one key of a member's cluster.yaml, keeping the rest as written."""
        file = self.file(member)
        draft = ClusterDraft.from_text(file.read_text("utf-8"))
        draft.set(path, value)
        file.write_text(draft.text(), "utf-8")


@pytest.fixture
def federation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Federation:
    return Federation(capsys, tmp_path / "fed")


@pytest.fixture
def cli_env(kubeconfig: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' backends on the emulator (KUBECONFIG), and no config profiles."""
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def two_planned_parties(emulator: KubeEmulator, folder: Path) -> Path:
    """Parties 9999 and 10000 as `federation new` plans them (every address the emulator's
    node), their namespaces made in the emulator; returns `folder`."""
    for namespace in ("fate-9999", "fate-10000"):
        emulator.controller.create_namespace(namespace)
    return write_planned(folder, [9999, 10000], exchange=False, host=NODE_IP)


def deploy_parties(emulator: KubeEmulator, kubeconfig: Path, db: Path, folder: Path) -> None:
    """Install both parties of `folder` through the database `db` (what `--db` then reads)."""
    files = [folder / f"party-{party}" / "cluster.yaml" for party in (9999, 10000)]
    options = offline_options(db, kube=KubeSettings(kubeconfig=kubeconfig))
    backend = EmbeddedBackend(replace(options, bundled_charts=BUNDLED_CHARTS))
    asyncio.run(_deploy(backend, files, emulator))


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
