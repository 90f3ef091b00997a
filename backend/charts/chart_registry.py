"""Finding the chart a job names: uploaded, then bundled, then the chart repository (§4.2, §4.3).

* uploaded: charts in the store (KubeFATE's `helm_charts` table); an upload of the same name and
  version replaces the old one, and shadows a bundled chart of that name and version;
* bundled: every chart folder under the repository's top-level `charts/`, packaged once at start
  with Helm (`helm package`, so .helmignore and Chart.yaml validation apply) and kept in memory;
* repository: downloaded on demand through the Helm worker, then stored like an upload (as
  KubeFATE does), with its original archive.

Matching is exact string equality of name and version (`2.0.0` ≠ `v2.0.0`); a near miss is
suggested in the error.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from backend.charts.chart_archive import ChartArchiveError, chart_templates, read_chart_archive
from backend.charts.chart_repo import ChartNotInRepo, ChartRepo
from backend.charts.chart_repo_settings import ChartRepoSettings
from backend.charts.version_hint import near_miss_hint
from backend.errors import NotFound, Unavailable
from backend.heavy_work import run_heavy
from backend.helm import HelmEngine, HelmError
from backend.models import HelmChart
from backend.paths import bundled_charts_dir
from backend.store import Store

log = logging.getLogger(__name__)

DEFAULT_BUNDLED_DIR = bundled_charts_dir()
# Bundled charts get a uuid derived from name+version, so it is the same after every restart.
_BUNDLED_UUIDS = uuid.UUID("6f1c8a52-4a1e-4f0e-9a55-3b0d2c9e7a41")
_UPLOAD_ADVICE = (
    "upload it: `helm package <chart folder>`, then upload the .tgz "
    "(`kubefate chart upload -f <file>.tgz`, or the console's Charts view)"
)


class ChartSource(StrEnum):
    UPLOADED = "uploaded"
    BUNDLED = "bundled"
    REPOSITORY = "repository"


@dataclass(frozen=True, slots=True)
class LocatedChart:
    """A chart and where it was found."""

    chart: HelmChart
    source: ChartSource


@dataclass(frozen=True, slots=True)
class BundledChartProblem:
    """A folder under charts/ that could not be used, and why (reported, never fatal)."""

    folder: Path
    message: str


class ChartNotFound(NotFound):
    """No chart with exactly this name and version anywhere we looked."""


class ChartSourceUnavailable(Unavailable):
    """The chart is not local, and the chart repository cannot be read."""


class ChartRegistry:
    """Looks charts up by exact name + version; create with `await ChartRegistry.open(...)`."""

    def __init__(
        self,
        store: Store,
        *,
        bundled: Sequence[HelmChart] = (),
        repo: ChartRepo | None = None,
        problems: Sequence[BundledChartProblem] = (),
    ) -> None:
        self._store = store
        self._bundled = {(chart.name, chart.version): chart for chart in bundled}
        self._repo = repo
        self.problems = tuple(problems)
        self._download_locks: dict[tuple[str, str], asyncio.Lock] = {}

    @classmethod
    async def open(
        cls,
        store: Store,
        helm: HelmEngine,
        *,
        bundled_dir: Path | None = DEFAULT_BUNDLED_DIR,
        repo: ChartRepoSettings | None = ChartRepoSettings(),  # noqa: B008 - frozen, shared
    ) -> ChartRegistry:
        """Read the bundled charts (once) and set up the repository: KubeFATE's public one by
        default (ChartRepoSettings.from_service_settings reads `repo.*`); None for none."""
        bundled, problems = await read_bundled_charts(helm, bundled_dir)
        chart_repo = ChartRepo(helm, repo) if repo is not None and repo.url else None
        return cls(store, bundled=bundled, repo=chart_repo, problems=problems)

    async def find(self, name: str, version: str) -> HelmChart:
        """The chart to install for a job (downloading and storing it if need be)."""
        return (await self.locate(name, version)).chart

    async def locate(self, name: str, version: str) -> LocatedChart:
        """Like find(), also saying where the chart came from."""
        local = await self._local(name, version)
        if local is not None:
            return local
        lock = self._download_locks.setdefault((name, version), asyncio.Lock())
        async with lock:  # two jobs asking at once download once
            local = await self._local(name, version)
            if local is not None:
                return local
            return LocatedChart(await self._download(name, version), ChartSource.REPOSITORY)

    async def get(self, chart_uuid: str) -> HelmChart | None:
        """A chart by uuid, with its templates: an uploaded one, else a bundled one."""
        stored = await self._store.read.charts.get(chart_uuid)
        if stored is not None:
            return await with_templates(stored)
        return self.bundled_chart(chart_uuid)

    def bundled_chart(self, chart_uuid: str) -> HelmChart | None:
        """The bundled chart with this uuid (shadowed by an upload or not), if any."""
        return next((c for c in self._bundled.values() if c.uuid == chart_uuid), None)

    async def list_charts(self) -> list[LocatedChart]:
        """Uploaded charts (identity only), then the bundled ones no upload shadows."""
        uploaded = await self._store.read.charts.list_all()
        taken = {(chart.name, chart.version) for chart in uploaded}
        listed = [LocatedChart(chart, ChartSource.UPLOADED) for chart in uploaded]
        listed += [
            LocatedChart(chart.summary(), ChartSource.BUNDLED)
            for key, chart in sorted(self._bundled.items())
            if key not in taken
        ]
        return listed

    async def values_template_example(self, name: str, version: str) -> str:
        """The chart's values-template-example.yaml (downloading the chart if need be, as
        KubeFATE's `GET /v1/chart/valueTemplateExample/...` does)."""
        return (await self.find(name, version)).values_template_example

    async def _local(self, name: str, version: str) -> LocatedChart | None:
        stored = await self._store.read.charts.find(name, version)
        if stored is not None:
            return LocatedChart(stored, ChartSource.UPLOADED)
        bundled = self._bundled.get((name, version))
        return None if bundled is None else LocatedChart(bundled, ChartSource.BUNDLED)

    async def _download(self, name: str, version: str) -> HelmChart:
        missing = f"chart {name} {version} is not uploaded or bundled"
        if self._repo is None:
            hint = near_miss_hint(name, version, await self._local_names())
            raise ChartNotFound(
                f"{missing}, and no chart repository is set{hint}; {_UPLOAD_ADVICE}"
            )
        try:
            archive = await self._repo.download(name, version)
        except ChartNotInRepo as absent:
            raise await self._not_in_repo(missing, name, version, absent) from None
        except HelmError as error:  # RepoError, or the worker failing meanwhile
            raise ChartSourceUnavailable(
                f"{missing}, and the chart repository {self._repo.url} cannot be reached: "
                f"{error}; {_UPLOAD_ADVICE}"
            ) from None
        return await self._store_download(archive, name, version)

    async def _not_in_repo(
        self, missing: str, name: str, version: str, absent: ChartNotInRepo
    ) -> ChartNotFound:
        assert self._repo is not None
        known = [*(await self._local_names()), *((name, v) for v in absent.available)]
        hint = near_miss_hint(name, version, known)
        has = f" (it has {name} {', '.join(absent.available)})" if absent.available else ""
        return ChartNotFound(
            f"{missing}, and the chart repository {self._repo.url} does not have it{has}{hint}; "
            f"{_UPLOAD_ADVICE}"
        )

    async def _store_download(self, archive: bytes, name: str, version: str) -> HelmChart:
        assert self._repo is not None
        try:
            chart = await run_heavy(read_chart_archive, archive)
        except ChartArchiveError as error:
            raise ChartSourceUnavailable(
                f"the chart repository {self._repo.url} sent an unusable archive for "
                f"{name} {version}: {error}"
            ) from None
        if (chart.name, chart.version) != (name, version):
            raise ChartSourceUnavailable(
                f"the chart repository {self._repo.url} lists {name} {version}, but its archive "
                f"holds {chart.name} {chart.version}"
            )
        async with self._store.transaction() as tx:
            return await tx.charts.replace(chart)

    async def _local_names(self) -> list[tuple[str, str]]:
        uploaded = await self._store.read.charts.list_all()
        return [(c.name, c.version) for c in uploaded] + list(self._bundled)


async def with_templates(chart: HelmChart) -> HelmChart:
    """The chart with its `templates/` files: the store keeps an uploaded chart's archive and
    not a second copy of its templates, so they are read from the archive (off the loop)."""
    if chart.templates or not chart.archive:
        return chart
    try:
        templates = await run_heavy(chart_templates, chart.archive)
    except ChartArchiveError as error:  # accepted once, so this would be a damaged row
        raise ChartSourceUnavailable(
            f"chart {chart.name} {chart.version}: its stored archive cannot be read ({error}); "
            "upload it again"
        ) from None
    return dataclasses.replace(chart, templates=templates)


async def read_bundled_charts(
    helm: HelmEngine, bundled_dir: Path | None
) -> tuple[list[HelmChart], list[BundledChartProblem]]:
    """Every chart folder under `bundled_dir`, packaged by Helm and parsed; folders that fail
    are reported as problems (a broken bundled chart must not stop the console)."""
    if bundled_dir is None or not bundled_dir.is_dir():
        return [], []
    charts: dict[tuple[str, str], HelmChart] = {}
    problems: list[BundledChartProblem] = []
    for folder in sorted(p for p in bundled_dir.iterdir() if (p / "Chart.yaml").is_file()):
        try:
            chart = await _bundled_chart(helm, folder)
        except (HelmError, ChartArchiveError) as error:
            problems.append(BundledChartProblem(folder, str(error)))
            continue
        if (chart.name, chart.version) in charts:
            message = f"{chart.name} {chart.version} is bundled twice; this copy is ignored"
            problems.append(BundledChartProblem(folder, message))
            continue
        charts[(chart.name, chart.version)] = chart
    for problem in problems:
        log.warning("bundled chart %s not used: %s", problem.folder, problem.message)
    return list(charts.values()), problems


async def _bundled_chart(helm: HelmEngine, folder: Path) -> HelmChart:
    chart = await run_heavy(read_chart_archive, await helm.package(folder))
    stable = uuid.uuid5(_BUNDLED_UUIDS, f"{chart.name}\0{chart.version}")
    return dataclasses.replace(chart, uuid=str(stable), bundled=True)
