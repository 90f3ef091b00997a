"""Fixtures shared by every suite: where the repository and KubeFATE's real files are."""

from __future__ import annotations

import logging
from collections.abc import Iterator
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


@pytest.fixture
def console_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The console's logging as `kubefate-tui` sets it up (its file in a data folder of this
    test's own); the root logger is put back as it was afterwards."""
    from kubefate_tui.subcommands.console_command import log_to_file

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    assert log_to_file() == []
    try:
        yield tmp_path / "xdg-data" / "kubefate-tui" / "console.log"
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
