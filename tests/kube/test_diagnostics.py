"""Short human reasons for every way a FATE pod gets stuck."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.kube import KubeConnection
from backend.kube.diagnostics import diagnose
from tests.kube.workloads_factory import CLUSTER, deployment, statefulset
from tests.kube_emulator import KubeEmulator

FATEFLOW = "federatedai/fateflow:2.0.0-release"


async def test_each_failure_kind_has_its_reason(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python", containers={"python": FATEFLOW}))
    control.put(deployment("clustermanager"))
    control.put(deployment("nodemanager"))
    control.put(statefulset("mysql"))
    control.put(deployment("osx"))
    control.put(deployment("fateboard"))
    python = control.create_pods(cluster_ns, "python")[0]
    cluster_manager = control.create_pods(cluster_ns, "clustermanager")[0]
    node_manager = control.create_pods(cluster_ns, "nodemanager")[0]
    mysql = control.create_pods(cluster_ns, "mysql")[0]
    osx = control.create_pods(cluster_ns, "osx")[0]
    control.create_pods(cluster_ns, "fateboard", ready=True)
    control.fail_pod(cluster_ns, python, "ImagePullBackOff")
    control.fail_pod(cluster_ns, cluster_manager, "CrashLoopBackOff", restarts=5)
    control.unschedulable(
        cluster_ns, node_manager, "0/3 nodes are available: 3 Insufficient memory."
    )
    control.pending_pvc(cluster_ns, mysql, "mysql-data")
    control.fail_pod(cluster_ns, osx, "OOMKilled", exit_code=137)

    diagnosis = await diagnose(conn, cluster_ns, CLUSTER)
    by_pod = {p.pod: p for p in diagnosis.pods}
    assert by_pod[python].reasons == (f"python: ImagePullBackOff ({FATEFLOW})",)
    assert by_pod[cluster_manager].reasons == (
        "clustermanager: CrashLoopBackOff, 5 restarts (last exit: Error, code 1)",
    )
    assert by_pod[node_manager].reasons == (
        f"{node_manager}: unschedulable: 0/3 nodes are available: 3 Insufficient memory.",
    )
    assert by_pod[mysql].reasons == (f"{mysql}: PersistentVolumeClaim mysql-data is Pending",)
    assert by_pod[osx].reasons == ("osx: terminated (OOMKilled, exit code 137)",)
    ready = [p for p in diagnosis.pods if p.pod.startswith("fateboard")]
    assert ready[0].ready and ready[0].reasons == ()
    assert diagnosis.summary(limit=1) == (  # pods in name order
        "clustermanager: CrashLoopBackOff, 5 restarts (last exit: Error, code 1) (+4 more)"
    )


async def test_starting_containers_are_not_problems(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    control.create_pods(cluster_ns, "python")  # ContainerCreating
    diagnosis = await diagnose(conn, cluster_ns, CLUSTER)
    assert diagnosis.reasons() == [] and diagnosis.summary() == ""


async def test_recent_warning_events_of_the_cluster(
    kube_emulator: KubeEmulator, conn: KubeConnection, cluster_ns: str
) -> None:
    control = kube_emulator.controller
    control.put(deployment("python"))
    pod = control.create_pods(cluster_ns, "python")[0]
    now = datetime.now(UTC)
    control.add_event(
        cluster_ns,
        "Pod",
        pod,
        "Failed",
        'Failed to pull image "x": not found',
        count=4,
        when=now - timedelta(minutes=1),
    )
    control.add_event(
        cluster_ns,
        "ReplicaSet",
        "python-abc",
        "FailedCreate",
        'pods "python-abc-1" is forbidden: exceeded quota',
        when=now,
    )
    control.add_event(cluster_ns, "Pod", pod, "Scheduled", "assigned", type_="Normal")
    control.add_event(cluster_ns, "Pod", "unrelated-0", "BackOff", "not ours")
    control.add_event(cluster_ns, "Pod", pod, "BackOff", "old news", when=now - timedelta(hours=3))
    diagnosis = await diagnose(conn, cluster_ns, CLUSTER, workload_names=["python"], now=now)
    assert diagnosis.warnings == [
        'ReplicaSet/python-abc: FailedCreate: pods "python-abc-1" is forbidden: exceeded quota',
        f'Pod/{pod}: Failed: Failed to pull image "x": not found (x4)',
    ]
    events = [r for r in kube_emulator.requests if r.path.endswith("/events")]
    assert "fieldSelector=type%3DWarning" in events[-1].query
