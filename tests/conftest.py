"""Fixtures shared by every suite: where the repository and KubeFATE's real files are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_KUBEFATE = REPO_ROOT.parent / "shared" / "kubefate"


@pytest.fixture(scope="session")
def kubefate_files() -> Path:
    """../shared/kubefate: real KubeFATE data (cluster.yaml examples, swagger, CLI config)."""
    assert SHARED_KUBEFATE.is_dir(), f"missing {SHARED_KUBEFATE}: clone beside ../shared"
    return SHARED_KUBEFATE


# The Kubernetes API emulator (real HTTP on loopback) for every suite that needs a cluster.
pytest_plugins = ["tests.kube_emulator.fixtures"]


@pytest.fixture(autouse=True)
def private_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user cache folder (parsed themes) of every test is its own, never the developer's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
