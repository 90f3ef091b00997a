"""A database seeded with the mini fate chart, cluster.yaml files, and a way to run the CLI
in a subprocess that never leaves the test's folder (data dir, database, chart repository)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.charts.chart_archive import read_chart_archive
from backend.engine.cluster_document import parse_cluster_document
from backend.models import Cluster, ClusterStatus
from backend.store import Store
from tests.conftest import REPO_ROOT
from tests.engine.mini_fate_chart import mini_fate_chart

# Valid for the fate v2.0.0 schema without a single finding, and only python, mysql and
# fateboard have templates in the mini chart (the other modules render nothing).
CLUSTER_YAML = """\
name: {name}
namespace: {namespace}
chartName: fate
chartVersion: {version}
partyId: 9999
computing: Spark_local
federation: Pulsar
storage: LocalFS
modules:
{modules}
python:
  logLevel: {log_level}
"""
ALL_MODULES = ("python", "mysql", "fateboard", "client", "nginx", "pulsar")


def cluster_text(
    *,
    name: str = "fate-9999",
    namespace: str = "fate-9999",
    version: str = "v2.0.0",
    log_level: str = "DEBUG",
    modules: Sequence[str] = ALL_MODULES,
) -> str:
    listed = "\n".join(f"  - {module}" for module in modules)
    return CLUSTER_YAML.format(
        name=name, namespace=namespace, version=version, log_level=log_level, modules=listed
    )


def stored_cluster(text: str) -> Cluster:
    """A cluster row as an install job leaves it."""
    spec = parse_cluster_document(text.encode())
    return Cluster(
        uuid=str(uuid.uuid4()),
        name=spec["name"],
        namespace=spec["namespace"],
        chart_name=spec["chartName"],
        chart_version=spec["chartVersion"],
        values=text,
        spec=spec,
        status=ClusterStatus.RUNNING,
    )


async def seed(db: Path, *charts: bytes, clusters: Sequence[Cluster] = ()) -> None:
    """Upload `charts` (default: the mini fate chart) and insert `clusters` into `db`."""
    async with await Store.open(db) as store, store.transaction() as tx:
        for archive in charts or (mini_fate_chart(),):
            await tx.charts.replace(read_chart_archive(archive))
        for cluster in clusters:
            await tx.clusters.insert(cluster)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Workspace:
    """A test's own folder: database, files, and the environment the CLI runs with."""

    folder: Path
    db: Path
    env: dict[str, str]

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def cli(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """`kubefate-tui render ARGS --db <db>` in a subprocess, cwd = the repository."""
        command = [sys.executable, "-m", "kubefate_tui", "render", *map(str, args)]
        return subprocess.run(
            [*command, "--db", str(self.db)],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        FATECLOUD_REPO_URL=f"http://127.0.0.1:{closed_port()}",
        PYTHONPATH=str(REPO_ROOT),
    )
    return Workspace(tmp_path, tmp_path / "kubefate.db", env)
