"""Reasons a remote console shows for a cluster that is not ready, from its Info alone."""

from backend.models.info_status import info_reasons


def test_names_every_workload_not_available_and_every_pod_not_running() -> None:
    info = {
        "ip": "10.0.0.1",
        "status": {
            "deployments": {"python": "Progressing", "mysql": "Available"},
            "statefulSets": {"osx": "ReplicaFailure"},
            "containers": {"python": "Pending", "mysql": "Running", "job": "Succeeded"},
        },
    }
    assert info_reasons(info) == [
        "deployment python: Progressing",
        "statefulset osx: ReplicaFailure",
        "container python: pod Pending",
    ]


def test_a_ready_cluster_or_no_info_has_no_reasons() -> None:
    ready = {
        "status": {"deployments": {"python": "Available"}, "containers": {"python": "Running"}}
    }
    assert info_reasons(ready) == []
    assert info_reasons(None) == []
    assert info_reasons({"status": "garbled"}) == []
