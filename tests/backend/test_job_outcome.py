"""Why a job ended, read from its states (what the console's finished-job toast says)."""

from __future__ import annotations

import pytest

from backend.models import Job, JobMethod, JobStatus
from backend.models.job_outcome import failure_reason


def ended(status: JobStatus, *states: str) -> Job:
    return Job(uuid="u", method=JobMethod.UPDATE, creator="admin", status=status, states=states)


@pytest.mark.parametrize(
    ("job", "reason"),
    [
        (ended(JobStatus.SUCCESS, "job run Success"), ""),
        (ended(JobStatus.RUNNING, "update job status to Running"), ""),
        (
            ended(
                JobStatus.ROLLBACK,
                "update job status to Running",
                "UPGRADE FAILED: cannot patch python",
                "Cluster run rollback Success",
            ),
            "UPGRADE FAILED: cannot patch python",
        ),
        (
            ended(
                JobStatus.TIMEOUT,
                "checkout Cluster status [3600]",
                "checkout Cluster status timeOut!",
                "not ready: python: ImagePullBackOff",
            ),
            "not ready: python: ImagePullBackOff",
        ),
        (ended(JobStatus.FAILED, "checkout Cluster status [12]"), ""),
        (ended(JobStatus.FAILED), ""),
    ],
)
def test_the_line_that_says_why(job: Job, reason: str) -> None:
    assert failure_reason(job) == reason


def test_a_long_reason_is_cut_with_an_ellipsis() -> None:
    job = ended(JobStatus.FAILED, "helm install error, " + "x" * 300)
    reason = failure_reason(job, limit=40)
    assert len(reason) == 40 and reason.endswith("…") and reason.startswith("helm install error")
