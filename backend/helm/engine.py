"""HelmEngine: every Helm operation the backend needs, run in worker processes.

Helm's Go library writes on fd 2 (the console's screen) and a Go panic ends its process, so it
never runs in the console's process: see worker.py and worker_pool.py. This module does not
import helm_python, and importing it starts nothing; workers start on first use.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from backend.helm.errors import (
    ChartInvalid,
    HelmCrashed,
    HelmError,
    HelmTimeout,
    HelmUnavailable,
)
from backend.helm.failure_translation import translate
from backend.helm.kube_target import KubeTarget
from backend.helm.protocol import unpack_bytes
from backend.helm.release_info import ReleaseInfo
from backend.helm.worker_pool import WorkerPool
from backend.helm.worker_process import WorkerLost, WorkerProcess, WorkerStartFailed
from backend.helm.worker_requests import (
    History,
    Install,
    Package,
    ParseValues,
    Ping,
    PullUrl,
    Render,
    RepoIndex,
    Rollback,
    Status,
    Uninstall,
    Upgrade,
    WorkerRequest,
)
from backend.paths import data_dir


@dataclass(frozen=True, slots=True)
class HelmTimeouts:
    """Seconds each kind of operation may take before its worker is stopped.

    Release changes get `release` seconds as Helm's own deadline (Helm then cancels cleanly and
    says so) and `grace` more before the worker is killed.
    """

    start: float = 30.0
    render: float = 60.0
    query: float = 60.0
    release: float = 600.0
    repo: float = 180.0
    grace: float = 15.0


@dataclass(frozen=True, slots=True)
class RepoCredentials:
    """Basic-auth credentials for a chart repository (both empty: anonymous)."""

    username: str = ""
    password: str = field(default="", repr=False)


def default_log_path() -> Path:
    """Where Helm's own output goes unless the caller says otherwise."""
    return data_dir() / "helm.log"


class HelmEngine:
    """Async Helm: render, install, upgrade, rollback, uninstall, status, history, and the
    chart-repository and packaging calls the chart registry needs.

    Use as `async with HelmEngine() as helm:` or call `aclose()`; any call may raise a
    `backend.helm.errors.HelmError` whose message is fit to show a user.
    """

    def __init__(
        self,
        log_path: Path | None = None,
        *,
        max_workers: int = 2,
        timeouts: HelmTimeouts | None = None,
    ) -> None:
        self.log_path = log_path or default_log_path()
        self.timeouts = timeouts or HelmTimeouts()
        self._pool = WorkerPool(self._start_worker, max_workers)
        self._release_locks: weakref.WeakValueDictionary[tuple[Any, ...], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def __aenter__(self) -> HelmEngine:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop all workers (a busy one is killed: close only when nothing should be running)."""
        await self._pool.close()

    def worker_pids(self) -> list[int]:
        """Process ids of the live Helm workers (diagnostics, tests)."""
        return self._pool.pids()

    def busy_worker_pids(self) -> list[int]:
        return self._pool.busy_pids()

    # --- offline ----------------------------------------------------------------------------

    async def version(self) -> str:
        """`helm-c X, Helm SDK Y`: proves a worker can start and load the library."""
        return str(await self._call(Ping(), "a version check", self.timeouts.start))

    async def render(
        self,
        chart_archive: bytes,
        values: Mapping[str, Any],
        release: str,
        namespace: str,
    ) -> dict[str, str]:
        """Like `helm template`: manifests keyed by template path (`<chart>/templates/x.yaml`).
        No cluster is contacted. Raises ChartRenderError with file:line:col on template errors.
        """
        request = Render(chart_archive, dict(values), release, namespace)
        result = await self._call(request, f"rendering {release}", self.timeouts.render)
        return {str(path): str(text) for path, text in result.items()}

    async def parse_values(self, text: str) -> dict[str, Any]:
        """A YAML document read as Helm and KubeFATE read values (sigs.k8s.io/yaml: YAML 1.1
        scalars, string keys, all numbers float64 inside Go)."""
        result = await self._call(ParseValues(text), "reading YAML values", self.timeouts.render)
        return dict(result)

    async def package(self, chart_dir: Path) -> bytes:
        """`helm package <chart_dir>`: the .tgz bytes (.helmignore honoured, Chart.yaml checked)."""
        request = Package(str(chart_dir))
        result = await self._call(request, f"packaging {chart_dir}", self.timeouts.render)
        return unpack_bytes(result)

    # --- chart repositories -----------------------------------------------------------------

    async def repo_index(
        self, url: str, credentials: RepoCredentials | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """The `entries` of a chart repository's index.yaml: chart name → versions."""
        username, password = _credentials(credentials)
        request = RepoIndex(url, username, password)
        result = await self._call(request, f"reading {url}", self.timeouts.repo)
        return dict(result.get("entries") or {})

    async def pull(self, archive_url: str, credentials: RepoCredentials | None = None) -> bytes:
        """Download one chart archive by its absolute URL."""
        username, password = _credentials(credentials)
        request = PullUrl(archive_url, username, password)
        result = await self._call(request, f"downloading {archive_url}", self.timeouts.repo)
        return unpack_bytes(result)

    # --- releases ---------------------------------------------------------------------------

    async def install(
        self,
        chart_archive: bytes,
        values: Mapping[str, Any],
        release: str,
        namespace: str,
        kube: KubeTarget,
        *,
        description: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> ReleaseInfo:
        """`helm install` without --wait, --atomic or --create-namespace (KubeFATE, §4.5).

        `labels` are kept on the release (`helm install --labels`), e.g. who owns it."""
        request = Install(
            release,
            namespace,
            kube,
            self._helm_deadline(),
            chart_archive,
            dict(values),
            description,
            dict(labels or {}),
        )
        return await self._change_release(request, "install")

    async def upgrade(
        self,
        chart_archive: bytes,
        values: Mapping[str, Any],
        release: str,
        namespace: str,
        kube: KubeTarget,
        *,
        description: str | None = None,
        labels: Mapping[str, str] | None = None,
        force_conflicts: bool = False,
    ) -> ReleaseInfo:
        """`helm upgrade` without --wait (KubeFATE prefixes its errors with `UPGRADE FAILED: `;
        that wording belongs to the job engine).

        Helm 4 applies objects server-side; a field another manager took over since (a
        `kubectl edit`, a Helm CLI upgrade) fails the upgrade with `FieldConflict`, unless
        `force_conflicts` takes it back (`helm upgrade --force-conflicts`). `labels` are merged
        into the release's labels."""
        request = Upgrade(
            release,
            namespace,
            kube,
            self._helm_deadline(),
            chart_archive,
            dict(values),
            description,
            dict(labels or {}),
            force_conflicts,
        )
        return await self._change_release(request, "upgrade")

    async def rollback(
        self,
        release: str,
        namespace: str,
        kube: KubeTarget,
        revision: int | None = None,
        *,
        force_conflicts: bool = False,
    ) -> ReleaseInfo:
        """Roll back to `revision`, or by default to the newest revision before the latest one
        that was really deployed (KubeFATE's `helm_revision - 1` is off by one, §3.3). Callers
        that know the revision live before an upgrade should pass it. Returns the new status.
        `force_conflicts` takes over fields other managers own, as for `upgrade`."""
        request = Rollback(
            release, namespace, kube, self._helm_deadline(), revision, force_conflicts
        )
        return await self._change_release(request, "rollback")

    async def uninstall(
        self, release: str, namespace: str, kube: KubeTarget, *, ignore_not_found: bool = False
    ) -> None:
        """`helm uninstall` without --wait and without keeping history (KubeFATE, §3.4)."""
        request = Uninstall(release, namespace, kube, self._helm_deadline(), ignore_not_found)
        async with self._release_lock(release, namespace, kube):
            await self._call(request, f"uninstall of {release}", self._release_deadline())

    async def status(self, release: str, namespace: str, kube: KubeTarget) -> ReleaseInfo | None:
        """The latest revision of the release, or None when there is no such release."""
        request = Status(release, namespace, kube)
        result = await self._call(request, f"status of {release}", self.timeouts.query)
        return None if result is None else ReleaseInfo.from_summary(result)

    async def history(self, release: str, namespace: str, kube: KubeTarget) -> list[ReleaseInfo]:
        """Every stored revision, oldest first ([] when there is no such release)."""
        request = History(release, namespace, kube)
        result = await self._call(request, f"history of {release}", self.timeouts.query)
        revisions = [ReleaseInfo.from_summary(item) for item in result]
        return sorted(revisions, key=lambda info: info.revision)

    # --- plumbing ---------------------------------------------------------------------------

    async def _change_release(
        self, request: Install | Upgrade | Rollback, action: str
    ) -> ReleaseInfo:
        """One change to a release, under that release's lock; its new status."""
        async with self._release_lock(request.release, request.namespace, request.kube):
            result = await self._call(
                request, f"{action} of {request.release}", self._release_deadline()
            )
        return ReleaseInfo.from_summary(result)

    def _helm_deadline(self) -> int:
        """Helm's own deadline for a release change, in whole seconds."""
        return int(self.timeouts.release)

    def _release_deadline(self) -> float:
        return self.timeouts.release + self.timeouts.grace

    @asynccontextmanager
    async def _release_lock(
        self, release: str, namespace: str, kube: KubeTarget
    ) -> AsyncIterator[None]:
        """One change at a time per release: Helm's history breaks under concurrent writes."""
        key = (kube.kubeconfig, kube.context, kube.in_cluster, namespace, release)
        lock = self._release_locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._release_locks[key] = lock
        async with lock:
            yield

    async def _start_worker(self) -> WorkerProcess:
        try:
            return await WorkerProcess.start(self.log_path, self.timeouts.start)
        except WorkerStartFailed as failed:
            said = f": {failed.last_words}" if failed.last_words else ""
            raise HelmUnavailable(
                f"Helm's engine could not start ({failed.how}){said}; see {self.log_path}"
            ) from None
        except TimeoutError:
            raise HelmUnavailable(
                f"Helm's engine did not start within {self.timeouts.start:g} s; see {self.log_path}"
            ) from None

    async def _call(self, request: WorkerRequest, action: str, timeout: float) -> Any:
        try:
            response = await self._pool.run(request, timeout)
        except TypeError as error:  # JSON cannot carry it (a date, a set...): nothing was sent
            raise ChartInvalid(f"{action}: the values cannot be passed to Helm: {error}") from None
        except WorkerLost as lost:
            said = f" ({lost.how}; {lost.last_words})" if lost.last_words else f" ({lost.how})"
            raise HelmCrashed(
                f"Helm's engine stopped unexpectedly during {action}{said}; see {self.log_path}"
            ) from None
        except TimeoutError:
            raise HelmTimeout(
                f"{action} took longer than {timeout:g} s, so Helm's engine was stopped; "
                f"see {self.log_path}"
            ) from None
        if response.get("ok"):
            return response.get("result")
        failure = response.get("error") or {}
        raise translate(str(failure.get("kind", "")), str(failure.get("message", "")), action)


def _credentials(credentials: RepoCredentials | None) -> tuple[str | None, str | None]:
    """Username and password as the worker takes them (None: not given)."""
    given = credentials or RepoCredentials()
    return given.username or None, given.password or None


__all__ = ["HelmEngine", "HelmError", "HelmTimeouts", "RepoCredentials", "default_log_path"]
