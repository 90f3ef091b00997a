"""Install jobs against the emulator, with the test playing Kubernetes' controllers (§3.2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from backend.errors import Conflict
from backend.events import ChangeAction, EntityKind
from backend.models import ClusterStatus, JobStatus, ModulesStatus, SubJobStatus
from tests.engine.conftest import NAME, NAMESPACE, Deployment, eventually

pytestmark = pytest.mark.slow


async def test_install_succeeds_with_kubefates_states_and_sub_jobs(
    deployment: Deployment, capfd: pytest.CaptureFixture[str]
) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=100)
    accepted = await deployment.backend.install_cluster(deployment.args())
    assert accepted.status is JobStatus.PENDING and accepted.cluster_id == ""
    job = await deployment.finished(accepted)

    assert job.status is JobStatus.SUCCESS, job.states
    assert job.states is not None
    assert list(job.states[:3]) == [
        "update job status to Running",
        "create Cluster in DB Success",
        "helm install Success",
    ]
    assert re.fullmatch(r"checkout Cluster status \[\d+\]", job.states[3])
    assert job.states[4:] == ("job run Success",)
    assert job.end_time is not None and job.start_time is not None
    assert job.sub_jobs is not None and sorted(job.sub_jobs) == ["fateboard", "mysql", "python"]
    for sub_job in job.sub_jobs.values():
        assert sub_job.status is SubJobStatus.SUCCESS
        assert sub_job.modules_status is ModulesStatus.AVAILABLE
        assert sub_job.end_time is not None and sub_job.start_time == job.start_time
        assert job.start_time <= sub_job.end_time <= job.end_time

    cluster = await deployment.backend.get_cluster(job.cluster_id)
    assert (cluster.status, cluster.revision, cluster.helm_revision) == (
        ClusterStatus.RUNNING,
        1,
        1,
    )
    assert cluster.spec is not None and cluster.spec["partyId"] == 9999
    assert cluster.info is not None
    assert cluster.info["status"]["statefulSets"] == {"mysql": "Available", "python": "Available"}
    assert deployment.release_secrets() == [f"sh.helm.release.v1.{NAME}.v1"]
    # Helm's native library never wrote on this process's terminal.
    assert capfd.readouterr().err == ""


async def test_a_helm_failure_fails_the_job_and_cleans_up(deployment: Deployment) -> None:
    args = deployment.args()
    missing_namespace = type(args)(
        args.name, "nowhere", args.chart_name, args.chart_version, data=args.data
    )
    job = await deployment.finished(await deployment.backend.install_cluster(missing_namespace))

    assert job.status is JobStatus.FAILED and job.end_time is not None
    assert job.states is not None
    assert job.states[-1].startswith("helm install error, ")
    assert 'namespaces "nowhere" not found' in job.states[-1]
    assert await deployment.backend.list_clusters() == []
    (gone,) = await deployment.backend.list_clusters(include_deleted=True)
    assert gone.status is ClusterStatus.DELETED


async def test_a_stuck_workload_times_out_with_the_pods_reason(deployment: Deployment) -> None:
    controller = deployment.emulator.controller
    deployment.backend.engine.time_limit = timedelta(seconds=3)
    accepted = await deployment.backend.install_cluster(deployment.args())
    await eventually(
        lambda: all(
            controller.get(kind, NAMESPACE, name) is not None
            for kind, name in (
                ("StatefulSet", "python"),
                ("StatefulSet", "mysql"),
                ("Deployment", "fateboard"),
            )
        ),
        "the chart's workloads",
    )
    (pod,) = controller.create_pods(NAMESPACE, "python")
    controller.fail_pod(NAMESPACE, pod, "ImagePullBackOff")
    for module in ("mysql", "fateboard"):
        controller.mark_ready(NAMESPACE, module)
    job = await deployment.finished(accepted)

    assert job.status is JobStatus.FAILED
    assert job.states is not None
    assert "checkout Cluster status timeOut!" in job.states
    reason = job.states[-1]
    assert reason.startswith("not ready: ") and "ImagePullBackOff" in reason
    assert job.sub_jobs is not None
    assert job.sub_jobs["python"].status is SubJobStatus.RUNNING
    assert job.sub_jobs["mysql"].status is SubJobStatus.SUCCESS
    assert await deployment.backend.list_clusters() == []
    assert deployment.release_secrets() == []  # uninstalled


async def test_stop_cancels_the_install_and_cleans_up(deployment: Deployment) -> None:
    backend = deployment.backend
    accepted = await backend.install_cluster(deployment.args())
    await deployment.reached(accepted, "helm install Success")
    stopping = await backend.stop_job(accepted.uuid)
    assert stopping.status is JobStatus.STOPPING
    job = await deployment.finished(accepted)

    assert job.status is JobStatus.CANCELED
    assert job.states is not None and job.states[-1] == "job stopped"
    assert await backend.list_clusters() == []
    assert deployment.release_secrets() == []


async def test_stop_is_refused_for_finished_and_delete_jobs(deployment: Deployment) -> None:
    deployment.emulator.controller.auto_ready(delay_ms=50)
    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))
    with pytest.raises(Conflict, match="job status is Success, not support stop"):
        await deployment.backend.stop_job(job.uuid)
    delete = await deployment.backend.delete_cluster(job.cluster_id)
    with pytest.raises(Conflict, match="ClusterDelete type jobs do not support stop"):
        await deployment.backend.stop_job(delete.uuid)
    await deployment.finished(delete)


async def test_progress_is_published_after_it_is_committed(deployment: Deployment) -> None:
    """Every event can be acted on at once: what it announces is already in the store."""
    backend = deployment.backend
    deployment.emulator.controller.auto_ready(delay_ms=200)
    seen_statuses: list[JobStatus] = []
    cluster_actions: list[ChangeAction] = []
    async with backend.subscribe() as events:
        accepted = await backend.install_cluster(deployment.args())
        async for event in events:
            if event.kind is EntityKind.CLUSTER:
                cluster_actions.append(event.action)
            if event.kind is EntityKind.JOB and event.uuid == accepted.uuid:
                job = await backend.get_job(accepted.uuid)
                seen_statuses.append(job.status)
                if job.status.is_terminal:
                    break
    # The first event is the job's creation: get_job found it (published after the commit);
    # the runner may already have moved it on by the time it is read, never back.
    assert seen_statuses[0] in (JobStatus.PENDING, JobStatus.RUNNING)
    assert seen_statuses[-1] is JobStatus.SUCCESS
    order = [JobStatus.PENDING, JobStatus.RUNNING, JobStatus.SUCCESS]
    assert [order.index(status) for status in seen_statuses] == sorted(
        order.index(status) for status in seen_statuses
    )
    assert cluster_actions[0] is ChangeAction.CREATED
    await deployment.finished(accepted)
