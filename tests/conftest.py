"""Fixtures shared by every suite: where the repository and KubeFATE's real files are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
KUBEFATE_DATA = REPO_ROOT / "tests" / "data" / "kubefate"


@pytest.fixture(scope="session")
def kubefate_files() -> Path:
    """tests/data/kubefate: KubeFATE's own files, unchanged (cluster.yaml examples, CLI config)."""
    return KUBEFATE_DATA


# The Kubernetes API emulator (real HTTP on loopback) for every suite that needs a cluster.
pytest_plugins = ["tests.kube_emulator.fixtures"]


@pytest.fixture(autouse=True)
def private_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user cache folder (parsed themes) of every test is its own, never the developer's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
