"""Fixtures for the Kubernetes adapter tests: the emulator and a connection to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.kube import KubeConnection, KubeSettings, connect
from tests.kube_emulator import KubeEmulator

NAMESPACE = "fate-9999"
CLUSTER = "fate-9999"


@pytest.fixture
async def conn(kube_emulator: KubeEmulator, kubeconfig: Path) -> AsyncIterator[KubeConnection]:
    """A connection to the emulator through a kubeconfig, closed after the test."""
    connection = await connect(KubeSettings(kubeconfig=kubeconfig))
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture
def cluster_ns(kube_emulator: KubeEmulator) -> str:
    """The namespace `fate-9999`, created."""
    kube_emulator.controller.create_namespace(NAMESPACE)
    return NAMESPACE
