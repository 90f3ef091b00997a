"""Fixtures for the tests with the real kubectl and helm."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.conftest import deployment  # noqa: F401  (the embedded backend on the emulator)
from tests.real_clients.clients import MISSING, RealClients, clients_folder


@pytest.fixture
def clients(kubeconfig: Path, tmp_path: Path) -> RealClients:
    """kubectl and helm for the emulator of this test (skips when they are not here)."""
    folder = clients_folder()
    if folder is None:
        pytest.skip(MISSING)
    home = tmp_path / "home"
    home.mkdir()
    return RealClients(folder, kubeconfig, home)
