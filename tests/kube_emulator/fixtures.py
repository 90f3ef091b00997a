"""pytest fixtures for the Kubernetes emulator.

Use them from a conftest.py with `from tests.kube_emulator.fixtures import kube_emulator`
(plus `# noqa: F401`), or list this module in a root conftest's `pytest_plugins`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.kube_emulator.server import KubeEmulator


@pytest.fixture
async def kube_emulator(tmp_path: Path) -> AsyncIterator[KubeEmulator]:
    """A running emulator: `.url`, `.controller`, `.write_kubeconfig()` (a file in tmp_path).

    The test fails if the emulator itself hit a bug while serving it (an internal error is
    never a legitimate answer, whatever the test was probing).
    """
    emulator = KubeEmulator(workdir=tmp_path)
    await asyncio.to_thread(emulator.start)
    try:
        yield emulator
    finally:
        await asyncio.to_thread(emulator.stop)
    assert not emulator.internal_errors, "\n".join(emulator.internal_errors)


@pytest.fixture
def kubeconfig(kube_emulator: KubeEmulator) -> Path:
    """A kubeconfig whose current context `emulator` points at the emulator as user `tester`."""
    return kube_emulator.write_kubeconfig()
