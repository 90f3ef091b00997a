"""Pre-flight for the embedded backend: before an install, ask the Kubernetes cluster of the
user's kubeconfig whether it has what the cluster.yaml needs (backend/schema/cluster_needs.py),
and the chart registry whether it has the chart.

Every check answers pass, fail (why, and what to do) or unknown (why it cannot tell: a 403, an
unreachable API). Nothing is changed, with one exception an install would make anyway: a chart
found only in the chart repository is downloaded and stored, as an install stores it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from backend.charts.chart_registry import ChartNotFound, ChartRegistry, ChartSource
from backend.embedded.kube_parts import KubeAccess
from backend.errors import BackendError, InvalidRequest, PermissionDenied
from backend.kube.cluster_objects import (
    ClassList,
    NodePortHolder,
    ingress_classes,
    node_port_holders,
    secret_exists,
    storage_classes,
)
from backend.kube.connection import KubeConnection
from backend.kube.namespaces import check_namespace_name, get_namespace
from backend.models import ClusterArgs
from backend.models.preflight import PreflightCheck
from backend.schema.cluster_needs import ClusterNeeds, Need, NodePortNeed, cluster_needs

NODE_PORT_RANGE = "30000-32767"
_CHART_SOURCES = {
    ChartSource.UPLOADED: "uploaded",
    ChartSource.BUNDLED: "bundled with kubefate-tui",
    ChartSource.REPOSITORY: "downloaded from the chart repository",
}


class NamespaceState(Enum):
    EXISTS = "exists"
    MISSING = "missing"
    UNKNOWN = "unknown"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class PreflightInputs:
    """What one pre-flight run reads: the request, its needs, and whether a missing namespace
    is created for the user (Capabilities.creates_namespaces)."""

    args: ClusterArgs
    needs: ClusterNeeds
    creates_namespaces: bool


async def embedded_preflight(
    args: ClusterArgs, kube: KubeAccess, charts: ChartRegistry, *, creates_namespaces: bool
) -> list[PreflightCheck]:
    """The checks in the order the wizard shows them: namespace, chart, storage classes,
    ingress classes, NodePorts, pull secrets."""
    text = args.data.decode("utf-8", errors="replace")
    needs = await asyncio.to_thread(cluster_needs, text, args.chart_name, args.chart_version)
    inputs = PreflightInputs(args, needs, creates_namespaces)
    chart = asyncio.ensure_future(chart_check(charts, args.chart_name, args.chart_version))
    try:
        try:
            connection = await kube.connection()
        except BackendError as error:
            checks = cannot_ask(inputs, f"no Kubernetes cluster to ask: {error}")
            return [checks[0], await chart, *checks[1:]]
        return await _asked(connection, inputs, chart)
    finally:
        chart.cancel()  # a no-op once awaited; stops it when the caller gave up (left the step)


async def _asked(
    conn: KubeConnection, inputs: PreflightInputs, chart: Awaitable[PreflightCheck]
) -> list[PreflightCheck]:
    namespace, state = await namespace_check(conn, inputs)
    groups = await asyncio.gather(
        _classes(conn, storage_classes, inputs.needs.storage_classes, "storage classes"),
        _classes(conn, ingress_classes, inputs.needs.ingress_classes, "ingress classes"),
        node_port_checks(conn, inputs),
        pull_secret_checks(conn, inputs, state),
    )
    return [namespace, await chart, *(check for group in groups for check in group)]


def cannot_ask(inputs: PreflightInputs, reason: str) -> list[PreflightCheck]:
    """Every Kubernetes check as unknown, for `reason`; the namespace's first."""
    labels = [f"namespace {inputs.args.namespace}", *inputs.needs.labels()]
    return [PreflightCheck.unknown(label, reason) for label in labels]


# --- namespace ---------------------------------------------------------------------------


async def namespace_check(
    conn: KubeConnection, inputs: PreflightInputs
) -> tuple[PreflightCheck, NamespaceState]:
    name = inputs.args.namespace
    label = f"namespace {name}"
    try:
        check_namespace_name(name)
    except InvalidRequest as error:  # asking would list every namespace, or fail obscurely
        return PreflightCheck.failed(label, str(error)), NamespaceState.INVALID
    try:
        found = await get_namespace(conn, name)
    except PermissionDenied:
        reason = "no permission to read namespaces (403)"
        return PreflightCheck.unknown(label, reason), NamespaceState.UNKNOWN
    except BackendError as error:
        return PreflightCheck.unknown(label, str(error)), NamespaceState.UNKNOWN
    if found is not None:
        return PreflightCheck.passed(label, "exists"), NamespaceState.EXISTS
    return missing_namespace(label, name, inputs.creates_namespaces), NamespaceState.MISSING


def missing_namespace(label: str, name: str, creates_namespaces: bool) -> PreflightCheck:
    """A namespace that does not exist: fine when the console creates it, else a failure."""
    if creates_namespaces:
        return PreflightCheck.passed(label, "does not exist yet; it will be created")
    return PreflightCheck.failed(
        label,
        f"does not exist, and KubeFATE never creates namespaces: create it first "
        f"(kubectl create namespace {name})",
    )


# --- chart -------------------------------------------------------------------------------


async def chart_check(charts: ChartRegistry, name: str, version: str) -> PreflightCheck:
    label = f"chart {name} {version}"
    if not name or not version:
        return PreflightCheck.failed(label, "chartName and chartVersion must both be set")
    try:
        located = await charts.locate(name, version)
    except ChartNotFound:
        return PreflightCheck.failed(
            label,
            "not uploaded, not bundled with kubefate-tui, and not in the chart repository: "
            "upload it (Charts, u)",
        )
    except BackendError as error:
        return PreflightCheck.unknown(label, str(error))
    return PreflightCheck.passed(label, _CHART_SOURCES[located.source])


# --- storage and ingress classes -----------------------------------------------------------


async def _classes(
    conn: KubeConnection,
    read: Callable[[KubeConnection], Awaitable[ClassList]],
    needs: tuple[Need, ...],
    what: str,
) -> list[PreflightCheck]:
    if not needs:
        return []
    try:
        classes = await read(conn)
    except PermissionDenied:
        return _each_unknown(needs, f"no permission to list {what} (403)")
    except BackendError as error:
        return _each_unknown(needs, str(error))
    return [class_check(label, group, classes) for label, group in _by_label(needs).items()]


def class_check(label: str, needs: list[Need], classes: ClassList) -> PreflightCheck:
    """One storage or ingress class (several keys may ask for it); "" is the default class."""
    kind, name = needs[0].kind, needs[0].name
    asked = f"asked for by {_paths(needs)}"
    if not name:
        if classes.defaults:
            return PreflightCheck.passed(label, f"the default is {classes.defaults[0]} ({asked})")
        return PreflightCheck.failed(
            label,
            f"the cluster has no default {kind}, and {asked} names none, so it would stay "
            f"Pending: name one of {_choices(classes)}",
        )
    if name in classes.names:
        return PreflightCheck.passed(label, f"exists ({asked})")
    return PreflightCheck.failed(
        label, f"the cluster has no {kind} {name!r} ({asked}): use one of {_choices(classes)}"
    )


def _choices(classes: ClassList) -> str:
    return ", ".join(classes.names) if classes.names else "them (the cluster has none yet)"


# --- node ports --------------------------------------------------------------------------


async def node_port_checks(conn: KubeConnection, inputs: PreflightInputs) -> list[PreflightCheck]:
    needs = inputs.needs.node_ports
    if not needs:
        return []
    try:
        holders = await node_port_holders(conn)
    except PermissionDenied:
        return _each_unknown(needs, "no permission to list Services in every namespace (403)")
    except BackendError as error:
        return _each_unknown(needs, str(error))
    others = [holder for holder in holders if not _same_release(holder, inputs.args)]
    return [node_port_check(label, group, others) for label, group in _by_label(needs).items()]


def _same_release(holder: NodePortHolder, args: ClusterArgs) -> bool:
    """An update keeps its own ports: a Service of this very release is no conflict."""
    return holder.namespace == args.namespace and holder.release == args.name


def node_port_check(
    label: str, needs: list[NodePortNeed], others: list[NodePortHolder]
) -> PreflightCheck:
    if len(needs) > 1:
        return PreflightCheck.failed(
            label,
            f"asked for {len(needs)} times in the document ({_paths(needs)}): a node port "
            f"serves one Service; give each its own free port in {NODE_PORT_RANGE}",
        )
    users = sorted({holder.key for holder in others if holder.port == needs[0].port})
    if users:
        return PreflightCheck.failed(
            label,
            f"already used by Service {', '.join(users)} ({needs[0].path} asks for it): pick "
            f"a free port in {NODE_PORT_RANGE}",
        )
    return PreflightCheck.passed(label, f"free ({needs[0].path})")


# --- pull secrets ------------------------------------------------------------------------


async def pull_secret_checks(
    conn: KubeConnection, inputs: PreflightInputs, namespace: NamespaceState
) -> list[PreflightCheck]:
    needs = _by_label(inputs.needs.pull_secrets)
    return list(
        await asyncio.gather(
            *(_pull_secret(conn, inputs, namespace, label, group) for label, group in needs.items())
        )
    )


async def _pull_secret(
    conn: KubeConnection,
    inputs: PreflightInputs,
    namespace: NamespaceState,
    label: str,
    needs: list[Need],
) -> PreflightCheck:
    name, where = needs[0].name, inputs.args.namespace
    if namespace is NamespaceState.INVALID:
        return PreflightCheck.unknown(label, "the namespace is not a valid name")
    if namespace is NamespaceState.MISSING:
        return PreflightCheck.unknown(
            label,
            f"namespace {where} does not exist yet, so it holds no Secrets: create {name} in "
            f"it before installing (kubectl create secret docker-registry {name} -n {where} ...)",
        )
    try:
        found = await secret_exists(conn, where, name)
    except PermissionDenied:
        return PreflightCheck.unknown(label, f"no permission to read Secrets in {where} (403)")
    except BackendError as error:
        return PreflightCheck.unknown(label, str(error))
    if found:
        return PreflightCheck.passed(label, f"exists in {where}")
    return PreflightCheck.failed(
        label,
        f"namespace {where} has no Secret {name} ({_paths(needs)}), so images cannot be pulled: "
        f"create it (kubectl create secret docker-registry {name} -n {where} ...)",
    )


# --- shared ------------------------------------------------------------------------------


_N = TypeVar("_N", Need, NodePortNeed)


def _by_label(needs: Iterable[_N]) -> dict[str, list[_N]]:
    grouped: dict[str, list[_N]] = {}
    for need in needs:
        grouped.setdefault(need.label, []).append(need)
    return grouped


def _paths(needs: Iterable[Need | NodePortNeed]) -> str:
    return ", ".join(need.path for need in needs)


def _each_unknown(needs: Iterable[Need | NodePortNeed], reason: str) -> list[PreflightCheck]:
    labels = dict.fromkeys(need.label for need in needs)
    return [PreflightCheck.unknown(label, reason) for label in labels]
