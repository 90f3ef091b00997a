"""A Helm chart repository (index.yaml + archives over HTTP) as KubeFATE's auto-download uses it.

KubeFATE adds the repository `repo.name` at `repo.url` and pulls `kubefate/<name>` at a version
(§4.3). We read the index through the Helm worker, pick the entry whose version string is
exactly the one asked for (§4.2: `2.0.0` is not `v2.0.0`; Helm's own pull would treat the
version as a semver constraint and quietly take the closest one), download that archive and
check it against the index's digest.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urljoin

from backend.charts.chart_repo_settings import (
    ChartRepoSettings,
)
from backend.helm import HelmEngine, RepoCredentials, RepoError


class ChartNotInRepo(LookupError):
    """The repository answered, but has no chart with exactly this name and version."""

    def __init__(self, name: str, version: str, available: list[str]) -> None:
        super().__init__(f"{name} {version}")
        self.available = available


class ChartRepo:
    """Reads one chart repository through the Helm worker."""

    def __init__(self, helm: HelmEngine, settings: ChartRepoSettings) -> None:
        self._helm = helm
        self.settings = settings

    @property
    def url(self) -> str:
        return self.settings.url

    async def charts(self) -> list[tuple[str, str]]:
        """Every (name, version) the index lists. Raises RepoError when it cannot be read."""
        entries = await self._entries()
        return [
            (name, str(entry.get("version", "")))
            for name, versions in entries.items()
            for entry in versions
        ]

    async def download(self, name: str, version: str) -> bytes:
        """The archive of exactly `name` `version`.

        Raises ChartNotInRepo (with the versions it does have) or RepoError (unreachable,
        download failed, digest mismatch)."""
        entries = await self._entries()
        versions = entries.get(name, [])
        entry = next((item for item in versions if str(item.get("version")) == version), None)
        if entry is None:
            raise ChartNotInRepo(name, version, [str(item.get("version")) for item in versions])
        archive = await self._helm.pull(self._archive_url(entry), self._credentials())
        _check_digest(archive, entry, name, version)
        return archive

    async def _entries(self) -> dict[str, list[dict[str, Any]]]:
        return await self._helm.repo_index(self.url, self._credentials())

    def _archive_url(self, entry: dict[str, Any]) -> str:
        urls = entry.get("urls") or []
        if not urls:
            raise RepoError(f"the index of {self.url} lists {entry.get('name')} without a URL")
        # Relative URLs are relative to the index, as Helm resolves them.
        return urljoin(self.url.rstrip("/") + "/", str(urls[0]))

    def _credentials(self) -> RepoCredentials:
        return RepoCredentials(self.settings.username, self.settings.password)


def _check_digest(archive: bytes, entry: dict[str, Any], name: str, version: str) -> None:
    expected = str(entry.get("digest") or "").removeprefix("sha256:")
    if expected and hashlib.sha256(archive).hexdigest() != expected:
        raise RepoError(
            f"the downloaded archive of {name} {version} does not match the digest in the "
            "repository index (a stale cache or a tampered download); try again later"
        )
