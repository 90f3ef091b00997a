"""Chart lookup: uploaded, then bundled, then the chart repository (§4.2, §4.3)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from backend.charts.chart_archive import read_chart_archive
from backend.charts.chart_registry import (
    ChartNotFound,
    ChartRegistry,
    ChartSource,
    ChartSourceUnavailable,
)
from backend.charts.chart_repo_settings import ChartRepoSettings
from backend.helm import HelmEngine
from backend.store import Store
from tests.charts.chart_repo_server import ChartRepoServer
from tests.helm.chart_builder import archive, chart_archive, chart_files, write_folder

FATE_TEMPLATE = "partyId: {{ .partyId }}\n"
FATE_EXAMPLE = "name: fate-9999\npartyId: 9999\n"


def _fate_files(version: str, example: str = FATE_EXAMPLE) -> dict[str, str]:
    return chart_files(
        "fate",
        version,
        extra={"values-template.yaml": FATE_TEMPLATE, "values-template-example.yaml": example},
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "db" / "kubefate.db")
    yield opened
    await opened.close()


@pytest.fixture
def bundled_dir(tmp_path: Path) -> Path:
    root = tmp_path / "charts"
    write_folder(root / "FATE", _fate_files("v2.0.0"))
    write_folder(root / "FATE-Serving", chart_files("fate-serving", "v2.1.6"))
    write_folder(root / "Broken", {"Chart.yaml": "name: [not, a, chart\n"})
    (root / "README.md").write_text("not a chart\n", encoding="utf-8")
    return root


@pytest.fixture
def repo_server() -> Iterator[ChartRepoServer]:
    server = ChartRepoServer()
    server.add("fate", "v1.11.2", chart_archive_of(_fate_files("v1.11.2", "partyId: 10000\n")))
    server.add("fate-exchange", "v1.11.2", chart_archive("fate-exchange", "v1.11.2"))
    server.start()
    yield server
    server.stop()


def chart_archive_of(files: dict[str, str]) -> bytes:
    return archive(files, folder="chart")


async def _registry(
    store: Store, helm: HelmEngine, bundled_dir: Path | None, repo_url: str | None
) -> ChartRegistry:
    repo = None if repo_url is None else ChartRepoSettings(url=repo_url)
    return await ChartRegistry.open(store, helm, bundled_dir=bundled_dir, repo=repo)


async def test_bundled_charts_are_packaged_by_helm_and_found(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    registry = await _registry(store, helm, bundled_dir, None)

    located = await registry.locate("fate", "v2.0.0")

    assert located.source is ChartSource.BUNDLED
    assert located.chart.values_template == FATE_TEMPLATE
    assert located.chart.values_template_example == FATE_EXAMPLE
    assert read_chart_archive(located.chart.archive).name == "fate"  # the .tgz Helm made
    assert await registry.get(located.chart.uuid) == located.chart


async def test_bundled_uuids_survive_a_restart(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    first = await (await _registry(store, helm, bundled_dir, None)).find("fate", "v2.0.0")
    again = await (await _registry(store, helm, bundled_dir, None)).find("fate", "v2.0.0")

    assert first.uuid == again.uuid


async def test_a_broken_bundled_folder_is_reported_not_fatal(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    registry = await _registry(store, helm, bundled_dir, None)

    assert [problem.folder.name for problem in registry.problems] == ["Broken"]
    assert "Chart.yaml" in registry.problems[0].message, registry.problems[0].message


async def test_an_upload_wins_over_the_bundled_chart(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    uploaded = read_chart_archive(chart_archive_of(_fate_files("v2.0.0", "uploaded: true\n")))
    async with store.transaction() as tx:
        await tx.charts.replace(uploaded)
    registry = await _registry(store, helm, bundled_dir, None)

    located = await registry.locate("fate", "v2.0.0")

    assert located.source is ChartSource.UPLOADED
    assert located.chart.values_template_example == "uploaded: true\n"
    assert await registry.values_template_example("fate", "v2.0.0") == "uploaded: true\n"


async def test_the_list_marks_sources_and_hides_shadowed_bundled_charts(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    async with store.transaction() as tx:
        await tx.charts.replace(read_chart_archive(chart_archive_of(_fate_files("v2.0.0"))))
        await tx.charts.replace(read_chart_archive(chart_archive("fedml-client", "0.7.355")))
    registry = await _registry(store, helm, bundled_dir, None)

    listed = [(c.chart.name, c.chart.version, c.source) for c in await registry.list_charts()]

    assert listed == [
        ("fate", "v2.0.0", ChartSource.UPLOADED),
        ("fedml-client", "0.7.355", ChartSource.UPLOADED),
        ("fate-serving", "v2.1.6", ChartSource.BUNDLED),
    ]
    # The chart itself says where it comes from (the list screen and the API show it).
    assert [c.chart.bundled for c in await registry.list_charts()] == [False, False, True]
    assert all(not c.chart.templates for c in await registry.list_charts())  # identity only


async def test_a_missing_chart_is_downloaded_from_the_repository_and_stored(
    store: Store, helm: HelmEngine, bundled_dir: Path, repo_server: ChartRepoServer
) -> None:
    registry = await _registry(store, helm, bundled_dir, repo_server.url)

    located = await registry.locate("fate", "v1.11.2")
    again = await registry.locate("fate", "v1.11.2")

    assert located.source is ChartSource.REPOSITORY
    assert located.chart.values_template_example == "partyId: 10000\n"
    stored = await store.read.charts.find("fate", "v1.11.2")
    assert stored is not None
    assert stored.archive == repo_server.archives["fate-v1.11.2.tgz"]  # the original bytes
    assert again.source is ChartSource.UPLOADED and again.chart.uuid == stored.uuid
    assert repo_server.requests["/charts/fate-v1.11.2.tgz"] == 1


async def test_two_jobs_asking_at_once_download_once(
    store: Store, helm: HelmEngine, repo_server: ChartRepoServer
) -> None:
    registry = await _registry(store, helm, None, repo_server.url)

    charts = await asyncio.gather(*(registry.find("fate-exchange", "v1.11.2") for _ in range(3)))

    assert len({chart.uuid for chart in charts}) == 1
    assert repo_server.requests["/charts/fate-exchange-v1.11.2.tgz"] == 1


async def test_the_example_download_path_is_the_same(
    store: Store, helm: HelmEngine, repo_server: ChartRepoServer
) -> None:
    registry = await _registry(store, helm, None, repo_server.url)

    assert await registry.values_template_example("fate", "v1.11.2") == "partyId: 10000\n"


async def test_versions_match_exactly_and_a_near_miss_is_suggested(
    store: Store, helm: HelmEngine, bundled_dir: Path, repo_server: ChartRepoServer
) -> None:
    registry = await _registry(store, helm, bundled_dir, repo_server.url)

    with pytest.raises(ChartNotFound) as caught:
        await registry.find("fate", "1.11.2")

    message = str(caught.value)
    assert message.startswith("chart fate 1.11.2 is not uploaded or bundled, and the chart ")
    assert f"repository {repo_server.url} does not have it (it has fate v1.11.2)" in message
    assert "did you mean fate v1.11.2?" in message
    assert "helm package" in message
    assert await store.read.charts.find("fate", "1.11.2") is None


async def test_an_unreachable_repository_is_a_clear_error(
    store: Store, helm: HelmEngine, bundled_dir: Path, closed_port_url: str
) -> None:
    registry = await _registry(store, helm, bundled_dir, closed_port_url)

    with pytest.raises(ChartSourceUnavailable) as caught:
        await registry.find("fate", "v1.11.2")

    message = str(caught.value)
    assert message.startswith(
        f"chart fate v1.11.2 is not uploaded or bundled, and the chart repository "
        f"{closed_port_url} cannot be reached: "
    )
    assert "connection refused" in message
    assert "upload it: `helm package <chart folder>`" in message


async def test_without_a_repository_the_bundled_near_miss_is_suggested(
    store: Store, helm: HelmEngine, bundled_dir: Path
) -> None:
    registry = await _registry(store, helm, bundled_dir, None)

    with pytest.raises(ChartNotFound, match=r"no chart repository is set; did you mean fate v2"):
        await registry.find("fate", "2.0.0")


async def test_a_download_that_does_not_match_the_index_digest_is_refused(
    store: Store, helm: HelmEngine
) -> None:
    server = ChartRepoServer()
    server.add("fate", "v1.10.0", chart_archive("fate", "v1.10.0"), digest="0" * 64)
    server.start()
    try:
        registry = await _registry(store, helm, None, server.url)
        with pytest.raises(ChartSourceUnavailable, match="does not match the digest"):
            await registry.find("fate", "v1.10.0")
    finally:
        server.stop()
    assert await store.read.charts.find("fate", "v1.10.0") is None


async def test_a_repository_with_basic_auth(store: Store, helm: HelmEngine) -> None:
    server = ChartRepoServer(credentials=("kube", "s3cret"))
    server.add("fate", "v1.11.2", chart_archive("fate", "v1.11.2"))
    server.start()
    try:
        anonymous = await _registry(store, helm, None, server.url)
        with pytest.raises(ChartSourceUnavailable, match="401"):
            await anonymous.find("fate", "v1.11.2")
        settings = ChartRepoSettings(url=server.url, username="kube", password="s3cret")
        registry = await ChartRegistry.open(store, helm, bundled_dir=None, repo=settings)
        assert (await registry.find("fate", "v1.11.2")).version == "v1.11.2"
    finally:
        server.stop()
