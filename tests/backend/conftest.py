from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.store import Store
from tests.offline_backend import offline_options


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kubefate.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(db_path)
    yield opened
    await opened.close()


@pytest.fixture
async def backend(db_path: Path) -> AsyncIterator[EmbeddedBackend]:
    embedded = EmbeddedBackend(offline_options(db_path, admin_password="s3cret-admin"))
    await embedded.start()
    yield embedded
    await embedded.close()
