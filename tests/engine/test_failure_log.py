"""What the engine handles without stopping (a failed clean-up, an unreadable release) is
still written down: its traceback is in the console's log file."""

from __future__ import annotations

from pathlib import Path

from backend.models import JobStatus
from tests.engine.conftest import NAME, Deployment


async def test_an_unreadable_release_fails_the_install_and_leaves_its_traceback_in_the_log(
    deployment: Deployment, console_log: Path
) -> None:
    deployment.emulator.controller.deny(None, "secrets")  # where Helm keeps its releases

    job = await deployment.finished(await deployment.backend.install_cluster(deployment.args()))

    assert job.status is JobStatus.FAILED and job.states is not None
    assert "the release could not be read" in job.states[-1]
    text = console_log.read_text()
    assert f"install {NAME} (job {job.uuid}): the release could not be read" in text
    assert "Traceback (most recent call last)" in text
    assert "secrets is forbidden: User" in text  # the cause, as Kubernetes said it
