"""Why a cluster is not ready, in short human reasons.

Reads the cluster's pods (label `name=<cluster>`), the claims they mount and the namespace's
recent Warning events, and says what the kubelet and scheduler say, e.g.

    python: ImagePullBackOff (federatedai/fateflow:2.0.0-release)
    mysql: CrashLoopBackOff, 5 restarts (last exit: Error, code 1)
    fate-9999-mysql-0: unschedulable: 0/3 nodes are available: 3 Insufficient memory.
    fate-9999-mysql-0: PersistentVolumeClaim mysql-data is Pending

Normal start-up states (ContainerCreating, PodInitializing) are not reasons: every pod passes
through them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.kube import objects
from backend.kube.connection import KubeConnection
from backend.kube.paths import EVENTS, PODS, PVCS, cluster_selector

NORMAL_WAITING = frozenset({"ContainerCreating", "PodInitializing"})
IMAGE_REASONS = frozenset(
    {
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "ErrImageNeverPull",
        "RegistryUnavailable",
    }
)
#: How far back Warning events count as "recent".
EVENT_WINDOW = timedelta(hours=1)
MAX_EVENTS = 20


@dataclass(frozen=True, slots=True)
class PodDiagnosis:
    pod: str
    phase: str
    ready: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    pods: list[PodDiagnosis] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # recent Warning events, newest first

    def reasons(self) -> list[str]:
        """Every pod reason then every warning, without repeats."""
        seen: dict[str, None] = {}
        for pod in self.pods:
            seen.update(dict.fromkeys(pod.reasons))
        seen.update(dict.fromkeys(self.warnings))
        return list(seen)

    def summary(self, limit: int = 3) -> str:
        """One line for a job state: the first reasons, and how many more there are."""
        reasons = self.reasons()
        if not reasons:
            return ""
        shown = "; ".join(reasons[:limit])
        more = len(reasons) - limit
        return f"{shown} (+{more} more)" if more > 0 else shown


# ----- pods --------------------------------------------------------------------------------


def _waiting_reason(
    container: str, image: str, state: Mapping[str, Any], restarts: int, last: Mapping[str, Any]
) -> str | None:
    reason = objects.text(state, "reason") or "Waiting"
    if reason in NORMAL_WAITING:
        return None
    if reason in IMAGE_REASONS:
        return f"{container}: {reason} ({image})"
    if reason == "CrashLoopBackOff":
        return f"{container}: CrashLoopBackOff, {restarts} restarts{_last_exit(last)}"
    message = objects.text(state, "message")
    return f"{container}: {reason}: {message}" if message else f"{container}: {reason}"


def _last_exit(last: Mapping[str, Any]) -> str:
    terminated = objects.mapping(last, "terminated")
    if not terminated:
        return ""
    reason = objects.text(terminated, "reason") or "terminated"
    return f" (last exit: {reason}, code {objects.integer(terminated, 'exitCode')})"


def _terminated_reason(container: str, state: Mapping[str, Any]) -> str | None:
    code = objects.integer(state, "exitCode")
    reason = objects.text(state, "reason") or "Error"
    if code == 0 and reason != "OOMKilled":
        return None
    message = objects.text(state, "message").strip()
    detail = f": {message}" if message else ""
    return f"{container}: terminated ({reason}, exit code {code}){detail}"


def container_reasons(statuses: Iterable[Mapping[str, Any]], *, init: bool = False) -> list[str]:
    """Reasons from `status.containerStatuses` (or initContainerStatuses)."""
    out = []
    for status in statuses:
        name = objects.text(status, "name") + (" (init)" if init else "")
        state = objects.mapping(status, "state")
        restarts = objects.integer(status, "restartCount")
        reason: str | None = None
        if "waiting" in state:
            reason = _waiting_reason(
                name,
                objects.text(status, "image"),
                objects.mapping(state, "waiting"),
                restarts,
                objects.mapping(status, "lastState"),
            )
        elif "terminated" in state:
            reason = _terminated_reason(name, objects.mapping(state, "terminated"))
        if reason:
            out.append(reason)
    return out


def _claims(pod: Mapping[str, Any]) -> list[str]:
    return [
        objects.text(v, "persistentVolumeClaim", "claimName")
        for v in objects.sequence(pod, "spec", "volumes")
        if objects.text(v, "persistentVolumeClaim", "claimName")
    ]


def pod_reasons(pod: Mapping[str, Any], pending_claims: Mapping[str, str]) -> list[str]:
    """What keeps one pod from running; `pending_claims` maps claim name -> phase."""
    name = objects.name(pod)
    out = [
        f"{name}: PersistentVolumeClaim {claim} is {pending_claims[claim]}"
        for claim in _claims(pod)
        if claim in pending_claims
    ]
    scheduled = objects.condition(pod, "PodScheduled")
    if scheduled is not None and scheduled.get("status") == "False":
        message = objects.text(scheduled, "message") or objects.text(scheduled, "reason")
        if not out or "PersistentVolumeClaim" not in message:
            out.append(f"{name}: unschedulable: {message}")
    if objects.text(pod, "status", "phase") == "Failed":
        why = objects.text(pod, "status", "reason") or "Failed"
        message = objects.text(pod, "status", "message")
        out.append(f"{name}: {why}: {message}" if message else f"{name}: {why}")
    out += container_reasons(objects.sequence(pod, "status", "initContainerStatuses"), init=True)
    out += container_reasons(objects.sequence(pod, "status", "containerStatuses"))
    return out


def diagnose_pod(pod: Mapping[str, Any], pending_claims: Mapping[str, str]) -> PodDiagnosis:
    return PodDiagnosis(
        pod=objects.name(pod),
        phase=objects.text(pod, "status", "phase") or "Unknown",
        ready=objects.condition_true(pod, "Ready"),
        reasons=tuple(pod_reasons(pod, pending_claims)),
    )


# ----- events ------------------------------------------------------------------------------


def _event_time(event: Mapping[str, Any]) -> datetime | None:
    for path in (
        ("lastTimestamp",),
        ("eventTime",),
        ("series", "lastObservedTime"),
        ("firstTimestamp",),
        ("metadata", "creationTimestamp"),
    ):
        stamp = objects.parse_time(objects.text(event, *path))
        if stamp is not None:
            return stamp
    return None


def event_summary(event: Mapping[str, Any]) -> str:
    involved = objects.mapping(event, "involvedObject")
    what = f"{objects.text(involved, 'kind')}/{objects.text(involved, 'name')}"
    count = objects.integer(event, "count")
    times = f" (x{count})" if count > 1 else ""
    reason = objects.text(event, "reason")
    message = objects.text(event, "message").strip()
    return f"{what}: {reason}: {message}{times}"


def recent_warnings(
    events: Iterable[Mapping[str, Any]],
    names: Iterable[str],
    *,
    now: datetime | None = None,
    window: timedelta = EVENT_WINDOW,
) -> list[str]:
    """Warning events about the cluster's objects (by name or name prefix), newest first."""
    prefixes = tuple(names)
    since = (now or datetime.now(UTC)) - window
    chosen: list[tuple[datetime, str]] = []
    for event in events:
        involved = objects.text(event, "involvedObject", "name")
        if objects.text(event, "type") != "Warning" or not involved.startswith(prefixes):
            continue
        stamp = _event_time(event) or since
        if stamp >= since:
            chosen.append((stamp, event_summary(event)))
    chosen.sort(key=lambda pair: pair[0], reverse=True)
    return list(dict.fromkeys(text for _stamp, text in chosen))[:MAX_EVENTS]


# ----- the whole cluster -------------------------------------------------------------------


async def diagnose(
    conn: KubeConnection,
    namespace: str,
    cluster: str,
    *,
    workload_names: Iterable[str] = (),
    now: datetime | None = None,
) -> Diagnosis:
    """Pods, pending claims and recent warnings of the cluster (label `name=<cluster>`).

    Events are kept when they involve a pod of the cluster, a claim it mounts, or an object
    whose name starts with one of `workload_names` (their ReplicaSets and pods share the
    prefix) or with the cluster name.
    """
    selector = {"labelSelector": cluster_selector(cluster)}
    pods_doc, claims_doc, events_doc = await asyncio.gather(
        conn.api.get(PODS.collection(namespace), selector),
        conn.api.get(PVCS.collection(namespace)),
        conn.api.get(EVENTS.collection(namespace), {"fieldSelector": "type=Warning"}),
    )
    pending = {
        objects.name(c): objects.text(c, "status", "phase") or "Pending"
        for c in objects.items(claims_doc)
        if objects.text(c, "status", "phase") != "Bound"
    }
    pods = sorted(objects.items(pods_doc), key=objects.name)
    names = [objects.name(p) for p in pods] + [c for p in pods for c in _claims(p)]
    names += [*workload_names, cluster]
    return Diagnosis(
        pods=[diagnose_pod(p, pending) for p in pods],
        warnings=recent_warnings(objects.items(events_doc), names, now=now),
    )
