"""Charts bundled with kubefate-tui through the served API: listed and marked, never deleted,
and shadowed by an upload of the same name and version."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from backend.api import ApiOptions, create_app
from backend.embedded import EmbeddedBackend
from tests.api.conftest import serving
from tests.api.go_cli import multipart_body
from tests.helm.chart_builder import archive, chart_files, write_folder
from tests.offline_backend import offline_options

NAME, VERSION = "fate-exchange", "v1.11.2"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    bundled = tmp_path / "bundled"
    write_folder(bundled / "exchange", chart_files(NAME, VERSION, values="bundled: true\n"))
    backend = EmbeddedBackend(offline_options(tmp_path / "kubefate.db", bundled_charts=bundled))
    await backend.start()
    try:
        async with serving(create_app(backend, ApiOptions())) as url:
            token = (await (await backend.ready_accounts()).issue_token("admin")).token
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
                yield client
    finally:
        await backend.close()


async def _listed(client: httpx.AsyncClient) -> list[tuple[str, str, bool]]:
    response = await client.get("/v1/chart/")
    assert response.status_code == 200, response.text
    return [(c["name"], c["version"], c["bundled"]) for c in response.json()["data"]]


async def test_a_bundled_chart_is_listed_as_bundled_and_refuses_deletion(
    client: httpx.AsyncClient,
) -> None:
    (chart,) = (await client.get("/v1/chart/")).json()["data"]
    assert (chart["name"], chart["version"], chart["bundled"]) == (NAME, VERSION, True)
    assert (await client.get(f"/v1/chart/{chart['uuid']}")).json()["data"]["bundled"] is True

    response = await client.delete(f"/v1/chart/{chart['uuid']}")

    assert response.status_code == 409
    assert response.json() == {
        "error": f"chart {NAME} {VERSION} is bundled with kubefate-tui and cannot be deleted; "
        "to use another chart of that name and version, upload it: an uploaded chart takes "
        "precedence over the bundled one"
    }
    assert await _listed(client) == [(NAME, VERSION, True)]


async def test_an_upload_of_the_same_name_and_version_shadows_the_bundled_chart(
    client: httpx.AsyncClient,
) -> None:
    upload = archive(chart_files(NAME, VERSION, values="uploaded: true\n"))
    body, content_type = multipart_body("exchange.tgz", upload)

    response = await client.post("/v1/chart", content=body, headers={"Content-Type": content_type})
    uploaded = response.json()["data"]["helmUUID"]

    assert await _listed(client) == [(NAME, VERSION, False)]
    chart = (await client.get(f"/v1/chart/{uploaded}")).json()["data"]
    assert chart["values"] == "uploaded: true\n" and chart["bundled"] is False
    assert (await client.delete(f"/v1/chart/{uploaded}")).status_code == 200
    assert await _listed(client) == [(NAME, VERSION, True)]  # the bundled one is back
