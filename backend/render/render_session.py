"""Everything one render needs, opened together: the database, the chart registry and Helm.

`kubefate-tui render` (and any other caller) opens a `RenderSession` over a database path; the
chart the file names is then found as an install finds it (uploaded to the database, bundled,
then the chart repository of the `repo.*` settings / FATECLOUD_REPO_URL). A database that does
not exist is never created: an empty throw-away one stands in, and `db_exists` says so, because
a chart or cluster that is "not found" may just mean a mistyped path.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from backend.charts.chart_registry import ChartRegistry
from backend.charts.chart_repo_settings import ChartRepoSettings
from backend.errors import BackendError, Unavailable
from backend.helm import HelmEngine
from backend.render.manifest_render import ClusterRequest, ManifestRenderer
from backend.service_settings import SettingsError, load_settings
from backend.store import Store, StoreError


class RenderSetupError(Unavailable):
    """The session could not be opened: unusable settings, database or chart registry."""


@dataclass(frozen=True, slots=True)
class RenderSession:
    """The renderer, the database it looks charts and clusters up in, and where that is."""

    renderer: ManifestRenderer
    store: Store
    db_path: Path
    db_exists: bool

    async def stored_request(self, namespace: str, name: str) -> ClusterRequest | None:
        """What the stored live cluster `namespace/name` was deployed from (None: no such
        cluster). Raises InvalidRequest when its stored spec cannot be rendered."""
        cluster = await self.store.read.clusters.find_live(namespace, name)
        return None if cluster is None else ClusterRequest.from_cluster(cluster)


@asynccontextmanager
async def open_render_session(
    db_path: Path, environ: Mapping[str, str]
) -> AsyncIterator[RenderSession]:
    """A session over the database at `db_path`, with the chart repository that `environ`'s
    service settings name; Helm's workers stop when it closes. Raises RenderSetupError."""
    try:
        repo = ChartRepoSettings.from_service_settings(load_settings(environ))
    except SettingsError as error:
        raise RenderSetupError(str(error)) from None
    async with _open_store(db_path) as (store, exists), HelmEngine() as helm:
        try:
            registry = await ChartRegistry.open(store, helm, repo=repo)
        except BackendError as error:
            raise RenderSetupError(str(error)) from None
        yield RenderSession(ManifestRenderer(helm, registry), store, db_path, exists)


@asynccontextmanager
async def _open_store(path: Path) -> AsyncIterator[tuple[Store, bool]]:
    """The database at `path`; when there is none, an empty throw-away one, so that rendering
    never creates a database where the user did not ask for one."""
    if path.exists():
        async with _opened(path) as store:
            yield store, True
        return
    with tempfile.TemporaryDirectory(prefix="kubefate-render-") as folder:
        async with _opened(Path(folder) / "empty.db") as store:
            yield store, False


@asynccontextmanager
async def _opened(path: Path) -> AsyncIterator[Store]:
    try:
        store = await Store.open(path)
    except StoreError as error:
        raise RenderSetupError(f"cannot use the database {path}: {error}") from None
    async with store:
        yield store
