"""Why a job ended as it did, in one line taken from its states (docs/kubefate-behaviour.md §3).

A job's `states` end with the line that says what went wrong (`helm install error, …`,
`UPGRADE FAILED: …`, `not ready: python: ImagePullBackOff …`), except for lines that only
count or close: the `checkout Cluster status [N]` counter, and the rollback that follows a
failed update. Both the engine (which writes the lines) and the console (which shows them)
read them from here.
"""

from __future__ import annotations

from backend.models.enums import JobStatus
from backend.models.job import Job

CHECKOUT_PREFIX = "checkout Cluster status ["
"""Start of the line rewritten in place while an install waits (`… [N]`, N ≈ seconds)."""
ROLLED_BACK = "Cluster run rollback Success"
"""KubeFATE's line after a failed update was rolled back."""

_NOT_A_REASON = (CHECKOUT_PREFIX, ROLLED_BACK)


def failure_reason(job: Job, *, limit: int = 120) -> str:
    """The line that says why `job` did not succeed, cut to `limit` characters with an
    ellipsis; "" for a job that succeeded, has not finished, or has no such line."""
    if job.status is JobStatus.SUCCESS or not job.status.is_terminal:
        return ""
    for state in reversed(job.states or ()):
        if state and not state.startswith(_NOT_A_REASON):
            return state if len(state) <= limit else state[: limit - 1].rstrip() + "…"
    return ""
