"""Deploying a federation: the exchange first, then every party, each job watched on one line.

Each member's cluster.yaml is read and checked as the Clusters mode's install reads one
(`read_cluster_file`: schema errors stop it there), then installed with `Backend.install_cluster`
on the backend of its profile. The parties start once the exchange's job has succeeded (they
route through it); they install side by side. A line per member says where its job is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from backend.errors import BackendError
from backend.federation.federation_file import Federation, Member
from backend.interface import Backend
from backend.models import Job, JobStatus
from backend.models.job_outcome import failure_reason
from backend.schema.findings import Finding
from kubefate_tui.actions.cluster_file import ClusterFileError, read_cluster_file
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.federation_status import find_cluster, members_of
from kubefate_tui.state.party_backends import PartyBackends, Unreachable

Report = Callable[[str, str], None]
"""Shows `text` on the line of the member `name` (`exchange`, `party 9999`)."""
Wait = Callable[[], Awaitable[None]]
"""Waits before the next read of a running job (the console's job tick; tests pass a short one)."""


@dataclass(frozen=True, slots=True)
class DeployOutcome:
    """How a member's deploy ended: its job (None when none was started) and its last line."""

    name: str
    job: Job | None
    text: str
    absent: bool = False
    """An update found no deployed cluster, so started no job (nothing failed)."""

    @property
    def succeeded(self) -> bool:
        return self.job is not None and self.job.status is JobStatus.SUCCESS


def member_name(member: Member, exchange: bool) -> str:
    """The member's line label: `exchange` or `party 9999`."""
    return "exchange" if exchange else f"party {member.party_id}"


NOT_DEPLOYED_YET = "not deployed: nothing to update (a deploy installs its file as it is now)"


def job_line(job: Job) -> str:
    """`install job 1a2b3c4d Running · 3/5 modules` (`update job …` for an update; with why,
    once it failed)."""
    verb = job.method.value.removeprefix("Cluster").lower()
    words = f"{verb} job {job.uuid[:8]} {job.status.value}"
    subs = job.sub_jobs or {}
    if subs and not job.status.is_terminal:
        done = sum(1 for sub in subs.values() if sub.end_time is not None)
        words += f" · {done}/{len(subs)} modules"
    reason = failure_reason(job)
    return f"{words} · {reason}" if reason else words


async def deploy_federation(
    federation: Federation, backends: PartyBackends, report: Report, wait: Wait
) -> list[DeployOutcome]:
    """Deploy the exchange, then (if it succeeded, or there is none) the parties."""
    members = members_of(federation)
    for member, exchange in members:
        report(member_name(member, exchange), "waiting")
    outcomes: list[DeployOutcome] = []
    parties = [(m, x) for m, x in members if not x]
    if federation.exchange is not None:
        first = await deploy_member(federation.exchange, True, backends, report, wait)
        outcomes.append(first)
        if not first.succeeded:
            for member, _ in parties:
                name = member_name(member, False)
                report(name, "not started: the exchange did not deploy")
                outcomes.append(DeployOutcome(name, None, "not started"))
            return outcomes
    rest = await asyncio.gather(
        *(deploy_member(m, False, backends, report, wait) for m, _ in parties)
    )
    return outcomes + list(rest)


async def deploy_member(
    member: Member, exchange: bool, backends: PartyBackends, report: Report, wait: Wait
) -> DeployOutcome:
    """Install one member's cluster.yaml and watch its job to the end."""
    return await apply_member(member, exchange, backends, report, wait, update=False)


async def apply_member(
    member: Member,
    exchange: bool,
    backends: PartyBackends,
    report: Report,
    wait: Wait,
    *,
    update: bool,
) -> DeployOutcome:
    """Install (or, with `update`, update) one member's cluster.yaml on its profile's backend
    and watch the job to the end. Updating a member that is not deployed starts no job: the
    outcome is `absent`."""
    name = member_name(member, exchange)
    verb = "updated" if update else "installed"

    def stop(text: str, job: Job | None = None, *, absent: bool = False) -> DeployOutcome:
        report(name, text)
        return DeployOutcome(name, job, text, absent)

    backend = await backends.backend_for(member.profile)
    if isinstance(backend, Unreachable):
        return stop(backend.text)
    try:
        cluster_file = await asyncio.to_thread(read_cluster_file, member.file)
        if cluster_file.errors:
            return stop(f"not {verb}: {errors_text(cluster_file.errors, member.file.name)}")
        args = cluster_file.cluster_args()
    except ClusterFileError as error:
        return stop(f"not {verb}: {error}")
    try:
        if update and await find_cluster(backend, member) is None:
            return stop(NOT_DEPLOYED_YET, absent=True)
        start = backend.update_cluster if update else backend.install_cluster
        job = await start(args)
        report(name, job_line(job))
        job = await watch_job(backend, job, lambda j: report(name, job_line(j)), wait)
    except BackendError as error:
        return stop(f"{'update' if update else 'install'} failed: {error_text(error)}")
    return stop(job_line(job), job)


def errors_text(errors: Sequence[Finding], file: str) -> str:
    """`2 error(s), first: cluster.yaml:37:13: error: nodePort 80 is outside … [osx.nodePort]`."""
    return f"{len(errors)} error(s), first: {errors[0].compiler_line(file)}"


async def watch_job(backend: Backend, job: Job, show: Callable[[Job], None], wait: Wait) -> Job:
    """Read `job` again after each `wait` until it has finished, showing each change."""
    while not job.status.is_terminal:
        await wait()
        latest = await backend.get_job(job.uuid)
        if latest != job:
            show(latest)
        job = latest
    return job
