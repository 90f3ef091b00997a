"""Fixtures of the schema tests (nothing here changes pytest options for other suites)."""

from __future__ import annotations

import pytest

from tests.schema.helpers import KUBEFATE


@pytest.fixture(scope="session", autouse=True)
def _kubefate_reference_data() -> None:
    assert KUBEFATE.is_dir(), f"KubeFATE reference files expected at {KUBEFATE}"
