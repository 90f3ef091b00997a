"""Pre-flight against a KubeFATE service: its REST API lists namespaces and charts, so those two
checks are answered; nothing else about the Kubernetes cluster behind it can be seen, so every
other check is unknown, saying so."""

from __future__ import annotations

import asyncio

from backend.errors import BackendError, PermissionDenied
from backend.interface import Backend
from backend.models import ClusterArgs
from backend.models.preflight import PreflightCheck
from backend.schema.cluster_needs import cluster_needs

CANNOT_TELL = "the KubeFATE service cannot tell"


async def remote_preflight(backend: Backend, args: ClusterArgs) -> list[PreflightCheck]:
    """Namespace, chart, then one unknown per other need of the document."""
    text = args.data.decode("utf-8", errors="replace")
    needs = await asyncio.to_thread(cluster_needs, text, args.chart_name, args.chart_version)
    namespace, chart = await asyncio.gather(
        _namespace(backend, args.namespace), _chart(backend, args.chart_name, args.chart_version)
    )
    others = [PreflightCheck.unknown(label, CANNOT_TELL) for label in needs.labels()]
    return [namespace, chart, *others]


async def _namespace(backend: Backend, name: str) -> PreflightCheck:
    label = f"namespace {name}"
    try:
        namespaces = await backend.list_namespaces()
    except PermissionDenied as error:
        return PreflightCheck.unknown(
            label, f"the KubeFATE service may not list namespaces: {error}"
        )
    except BackendError as error:
        return PreflightCheck.unknown(label, f"{CANNOT_TELL}: {error}")
    if any(namespace.name == name for namespace in namespaces):
        return PreflightCheck.passed(label, "exists")
    return PreflightCheck.failed(
        label,
        f"does not exist, and KubeFATE never creates namespaces: create it first "
        f"(kubectl create namespace {name})",
    )


async def _chart(backend: Backend, name: str, version: str) -> PreflightCheck:
    label = f"chart {name} {version}"
    try:
        charts = await backend.list_charts()
    except BackendError as error:
        return PreflightCheck.unknown(label, f"{CANNOT_TELL}: {error}")
    if any((chart.name, chart.version) == (name, version) for chart in charts):
        return PreflightCheck.passed(label, "uploaded to the KubeFATE service")
    # KubeFATE downloads a chart it lacks from its chart repository at install (§4.3).
    return PreflightCheck.unknown(
        label,
        "not uploaded to the KubeFATE service; it will try its chart repository, whose "
        "contents it does not show: upload it (Charts, u) to be sure",
    )
