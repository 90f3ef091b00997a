"""Readiness per workload kind (§3.1, with the corrections in backend.kube.workloads)."""

from __future__ import annotations

from typing import Any

import pytest

from backend.kube import KubeConnection, workload_states
from backend.kube.workloads import deployment_state, statefulset_state
from backend.models.enums import ModulesStatus
from backend.models.readiness import cluster_ready
from tests.kube.workloads_factory import CLUSTER, deployment, statefulset
from tests.kube_emulator import KubeEmulator

A, P, R, U = (
    ModulesStatus.AVAILABLE,
    ModulesStatus.PROGRESSING,
    ModulesStatus.REPLICA_FAILURE,
    ModulesStatus.UNDEFINED,
)


def _deployment(
    conditions: dict[str, str], generation: int = 1, observed: int = 1
) -> dict[str, Any]:
    return {
        "metadata": {"generation": generation},
        "status": {
            "observedGeneration": observed,
            "conditions": [{"type": t, "status": s} for t, s in conditions.items()],
        },
    }


@pytest.mark.parametrize(
    ("conditions", "state"),
    [
        ({"Available": "True", "Progressing": "True"}, A),
        ({"Progressing": "True", "Available": "False"}, P),
        ({"Available": "False", "Progressing": "False", "ReplicaFailure": "True"}, R),
        ({"ReplicaFailure": "True", "Progressing": "True"}, P),  # priority order, not list order
        ({"Available": "False"}, U),
        ({}, U),
    ],
)
def test_deployment_first_true_condition_in_priority_order(
    conditions: dict[str, str], state: ModulesStatus
) -> None:
    assert deployment_state(_deployment(conditions)) is state


def test_deployment_with_unobserved_spec_is_progressing() -> None:
    stale = _deployment({"Available": "True"}, generation=3, observed=2)
    assert deployment_state(stale) is P


def _sts(spec_replicas: int | None, status: dict[str, Any], generation: int = 1) -> dict[str, Any]:
    spec = {} if spec_replicas is None else {"replicas": spec_replicas}
    return {"metadata": {"generation": generation}, "spec": spec, "status": status}


@pytest.mark.parametrize(
    ("obj", "state"),
    [
        # KubeFATE would say Available here (0 >= 0): nothing has been observed yet.
        (_sts(1, {}), P),
        (_sts(1, {"observedGeneration": 1, "replicas": 0, "readyReplicas": 0}), P),
        (_sts(2, {"observedGeneration": 1, "replicas": 2, "readyReplicas": 1}), P),
        (_sts(2, {"observedGeneration": 1, "replicas": 2, "readyReplicas": 2}), A),
        (_sts(None, {"observedGeneration": 1, "replicas": 1, "readyReplicas": 1}), A),
        (_sts(0, {"observedGeneration": 1, "replicas": 0}), A),  # scaled to zero, observed
        (_sts(1, {"observedGeneration": 1, "readyReplicas": 1}, generation=2), P),
        (
            _sts(
                1,
                {
                    "observedGeneration": 1,
                    "readyReplicas": 1,
                    "currentRevision": "a-1",
                    "updateRevision": "a-2",
                },
            ),
            P,
        ),  # rolling update not finished
    ],
)
def test_statefulset_available_means_ready(obj: dict[str, Any], state: ModulesStatus) -> None:
    assert statefulset_state(obj) is state


async def test_states_of_a_cluster_through_the_api(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    control.put(deployment("other", cluster="another-cluster"))
    control.put(statefulset("mysql"))
    states = await workload_states(conn, cluster_ns, CLUSTER)
    assert states == {"python": U, "mysql": P}
    assert not cluster_ready(states)
    control.mark_progressing(cluster_ns, "python")
    control.mark_ready(cluster_ns, "mysql")
    assert await workload_states(conn, cluster_ns, CLUSTER) == {"python": P, "mysql": A}
    control.mark_ready(cluster_ns, "python")
    states = await workload_states(conn, cluster_ns, CLUSTER)
    assert states == {"python": A, "mysql": A}
    assert cluster_ready(states)
    control.mark_replica_failure(cluster_ns, "python")
    assert (await workload_states(conn, cluster_ns, CLUSTER))["python"] is R
    assert not cluster_ready({})
