"""What the job engine needs from the outside world, as small protocols.

The engine decides *what* happens to jobs and clusters; these ports do it. Production wires
them to Helm (backend.helm) and Kubernetes (backend.kube); nothing here imports either, so the
engine's state machine reads on its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from backend.models import HelmChart, ModulesStatus


@dataclass(frozen=True, slots=True)
class ClusterTarget:
    """A release: Helm release name = cluster name, in the cluster's namespace."""

    name: str
    namespace: str


class ChartSource(Protocol):
    async def resolve(self, name: str, version: str) -> HelmChart:
        """The chart with exactly this name and version (uploaded, bundled, or pulled)."""
        ...


class ValuesRenderer(Protocol):
    async def render(self, chart: HelmChart, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The Helm values for `spec`, from the chart's values-template (§4.4)."""
        ...


@dataclass(frozen=True, slots=True)
class DeployedRelease:
    """The latest revision of a release as Helm keeps it.

    `owner` is the uuid of the cluster record whose install made the release, as recorded on
    the release itself ("" when the release carries none: made by the Helm CLI, another tool,
    or a kubefate-tui from before ownership was recorded).
    """

    name: str
    namespace: str
    revision: int
    status: str
    owner: str = ""
    chart_name: str = ""
    chart_version: str = ""
    first_deployed: datetime | None = None


class FieldConflict(Exception):
    """Kubernetes refused an apply: another field manager (a `kubectl edit`, a Helm CLI
    upgrade) owns fields we set. The message names the manager and the fields."""


class ReleaseDeployer(Protocol):
    async def install(
        self, target: ClusterTarget, chart: HelmChart, values: Mapping[str, Any], owner: str
    ) -> int:
        """Install the release, recording `owner` (a cluster uuid) on it; returns its revision."""
        ...

    async def upgrade(
        self,
        target: ClusterTarget,
        chart: HelmChart,
        values: Mapping[str, Any],
        owner: str,
        *,
        take_over: bool = False,
    ) -> int:
        """Upgrade the release; raises FieldConflict unless `take_over` forces the fields back."""
        ...

    async def rollback(self, target: ClusterTarget, revision: int) -> int:
        """Roll back to `revision` (a real Helm revision), taking back fields other managers
        changed meanwhile; returns the new revision."""
        ...

    async def uninstall(self, target: ClusterTarget) -> None: ...

    async def release(self, target: ClusterTarget) -> DeployedRelease | None:
        """The release's latest revision, or None when there is no such release."""
        ...


WorkloadStates = dict[str, ModulesStatus]


class WorkloadObserver(Protocol):
    def watch(self, target: ClusterTarget) -> AsyncIterator[WorkloadStates]:
        """Every workload's state, first as listed, then each time one changes."""
        ...

    async def states(self, target: ClusterTarget) -> WorkloadStates:
        """The workloads' states now (one list, no watch)."""
        ...

    async def stuck_reasons(self, target: ClusterTarget) -> list[str]:
        """Short reasons why pods are not ready (ImagePullBackOff, Unschedulable, ...)."""
        ...


@dataclass(frozen=True, slots=True)
class EngineParts:
    """Everything the engine drives, wired once at start."""

    charts: ChartSource
    values: ValuesRenderer
    releases: ReleaseDeployer
    workloads: WorkloadObserver
