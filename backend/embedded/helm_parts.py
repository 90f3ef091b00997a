"""The job engine's Helm-side ports, served by the isolated Helm engine and the chart registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.charts.chart_registry import ChartRegistry
from backend.charts.values_template import render_values_template
from backend.engine.ports import ClusterTarget, DeployedRelease, FieldConflict
from backend.helm.engine import HelmEngine
from backend.helm.errors import FieldConflict as HelmFieldConflict
from backend.helm.kube_target import KubeTarget
from backend.models import HelmChart


@dataclass(frozen=True, slots=True)
class RegistryCharts:
    """ChartSource: uploaded, then bundled, then the chart repository (§4.2, §4.3)."""

    registry: ChartRegistry

    async def resolve(self, name: str, version: str) -> HelmChart:
        return await self.registry.find(name, version)


@dataclass(frozen=True, slots=True)
class TemplateValues:
    """ValuesRenderer: the chart's values-template rendered by Helm's engine (§4.4)."""

    helm: HelmEngine

    async def render(self, chart: HelmChart, spec: Mapping[str, Any]) -> dict[str, Any]:
        return (await render_values_template(self.helm, chart.values_template, spec)).values


# The release label that records which cluster record made a release (a uuid). Helm keeps
# release labels on its release record (`helm install --labels`), so `helm list -n <ns>
# --selector kubefate-tui/cluster-uuid` finds our releases, and they survive restarts and
# are seen by every database pointed at the same cluster.
OWNER_LABEL = "kubefate-tui/cluster-uuid"


@dataclass(frozen=True, slots=True)
class HelmReleases:
    """ReleaseDeployer: ordinary Helm releases (release = cluster name) in the cluster's
    namespace, so `helm list -n <namespace>` shows them."""

    helm: HelmEngine
    kube: KubeTarget

    async def install(
        self, target: ClusterTarget, chart: HelmChart, values: Mapping[str, Any], owner: str
    ) -> int:
        info = await self.helm.install(
            _archive(chart),
            values,
            target.name,
            target.namespace,
            self.kube,
            labels={OWNER_LABEL: owner},
        )
        return info.revision

    async def upgrade(
        self,
        target: ClusterTarget,
        chart: HelmChart,
        values: Mapping[str, Any],
        owner: str,
        *,
        take_over: bool = False,
    ) -> int:
        try:
            info = await self.helm.upgrade(
                _archive(chart),
                values,
                target.name,
                target.namespace,
                self.kube,
                labels={OWNER_LABEL: owner},
                force_conflicts=take_over,
            )
        except HelmFieldConflict as conflict:
            raise FieldConflict(str(conflict)) from None
        return info.revision

    async def rollback(self, target: ClusterTarget, revision: int) -> int:
        info = await self.helm.rollback(
            target.name, target.namespace, self.kube, revision, force_conflicts=True
        )
        return info.revision

    async def uninstall(self, target: ClusterTarget) -> None:
        await self.helm.uninstall(target.name, target.namespace, self.kube, ignore_not_found=True)

    async def release(self, target: ClusterTarget) -> DeployedRelease | None:
        info = await self.helm.status(target.name, target.namespace, self.kube)
        if info is None:
            return None
        return DeployedRelease(
            name=info.name,
            namespace=info.namespace,
            revision=info.revision,
            status=info.status,
            owner=info.labels.get(OWNER_LABEL, ""),
            chart_name=info.chart_name,
            chart_version=info.chart_version,
            first_deployed=info.first_deployed,
        )


def _archive(chart: HelmChart) -> bytes:
    if not chart.archive:
        # Charts uploaded to KubeFATE itself keep no archive; ours always do (§4.1 [rec]).
        raise ValueError(
            f"chart {chart.name} {chart.version} has no archive to install; upload it again"
        )
    return chart.archive
