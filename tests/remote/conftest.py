"""Fixtures of the remote-client suites: the KubeFATE double and clients pointed at it.

Behaviour tests that need nothing but a KubeFATE-compatible service take `service_settings`:
by default the double; with KUBEFATE_TUI_REMOTE_URL set (and FATECLOUD_USER_USERNAME /
FATECLOUD_USER_PASSWORD for the account), any running service, e.g. `kubefate-tui serve`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import pytest

from backend.interface import Backend, ConnectionReport
from backend.remote import RemoteBackend, RemoteSettings
from tests.remote.kubefate_double import KubefateDouble

EXTERNAL_URL = os.environ.get("KUBEFATE_TUI_REMOTE_URL", "")


def fast_settings(url: str, **overrides: object) -> RemoteSettings:
    """Settings with test-sized timeouts and back-offs (the defaults are seconds long)."""
    values: dict[str, object] = {
        "url": url,
        "connect_timeout": 2.0,
        "read_timeout": 5.0,
        "retry_base_delay": 0.05,
        "retry_budget": 1.0,
        "poll_interval": 0.1,
        "poll_max_backoff": 0.4,
    }
    values.update(overrides)
    return RemoteSettings(**values)  # type: ignore[arg-type]


def connection(backend: Backend) -> ConnectionReport:
    """The connection as the console's header line hears it now (`watch_connection`)."""
    reports: list[ConnectionReport] = []
    backend.watch_connection(reports.append)()
    return reports[0]


@pytest.fixture
async def double() -> AsyncIterator[KubefateDouble]:
    """A running KubeFATE double (admin/admin); the test fails if the double itself broke."""
    service = KubefateDouble()
    await asyncio.to_thread(service.start)
    try:
        yield service
    finally:
        await asyncio.to_thread(service.stop)
    assert not service.internal_errors, "\n".join(service.internal_errors)


@pytest.fixture
def settings(double: KubefateDouble) -> RemoteSettings:
    return fast_settings(double.serviceurl)


@pytest.fixture
async def client(settings: RemoteSettings) -> AsyncIterator[RemoteBackend]:
    backend = RemoteBackend(settings)
    try:
        yield backend
    finally:
        await backend.close()


@pytest.fixture
async def service_settings() -> AsyncIterator[RemoteSettings]:
    """A KubeFATE-compatible service: KUBEFATE_TUI_REMOTE_URL if set, else a fresh double."""
    if EXTERNAL_URL:
        yield fast_settings(
            EXTERNAL_URL,
            username=os.environ.get("FATECLOUD_USER_USERNAME", "admin"),
            password=os.environ.get("FATECLOUD_USER_PASSWORD", "admin"),
        )
        return
    service = KubefateDouble()
    await asyncio.to_thread(service.start)
    try:
        yield fast_settings(service.serviceurl)
    finally:
        await asyncio.to_thread(service.stop)
    assert not service.internal_errors, "\n".join(service.internal_errors)


@pytest.fixture
async def service_client(service_settings: RemoteSettings) -> AsyncIterator[RemoteBackend]:
    backend = RemoteBackend(service_settings)
    try:
        yield backend
    finally:
        await backend.close()
