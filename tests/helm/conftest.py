from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from backend.helm import HelmEngine, HelmTimeouts


@pytest.fixture
def helm_log(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "helm.log"


@pytest.fixture
async def helm(helm_log: Path) -> AsyncIterator[HelmEngine]:
    engine = HelmEngine(helm_log, timeouts=HelmTimeouts(repo=20.0))
    yield engine
    await engine.aclose()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """An HTTP URL whose server accepts connections and never answers (a hung repository)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel completes handshakes; nobody ever reads or replies
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.fixture
def closed_port_url() -> str:
    """An HTTP URL on loopback where nothing listens (connection refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"
