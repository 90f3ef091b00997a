"""Updating one member of a federation and the routes that point to it (the Federations mode's
`u`): the member's own cluster.yaml is updated on its backend as it is; then every other
member whose routes to it disagree with where it now listens has its file rewritten
(`backend/federation/route_update.py`) and, when deployed, is updated too. A line per member.

The plan is made first (`plan_party_update`, reading every file) so one dialog can list all of
it before anything changes. The other members wait for the member's own update to succeed:
routing to a port nothing listens on yet would only cut them off sooner.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from backend.federation.federation_file import Federation, Member
from backend.federation.route_update import (
    ChangedMeanwhile,
    MemberRewrite,
    rewrites_for,
    save_inside,
)
from backend.federation.routes import exposure_of
from kubefate_tui.actions.cluster_file import ClusterFileError, read_cluster_file
from kubefate_tui.actions.federation_deploy import (
    DeployOutcome,
    Report,
    Wait,
    apply_member,
    errors_text,
    member_name,
)
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.party_backends import PartyBackends
from kubefate_tui.widgets.tables.federation_tables import member_summary, shown_file


@dataclass(frozen=True, slots=True)
class PartyUpdatePlan:
    """What updating `target` implies: its own update, and each member's rewritten routes.
    `refused` says why it cannot be done at all (its file unreadable or invalid)."""

    federation: Federation
    target: Member
    exchange: bool
    rewrites: tuple[MemberRewrite, ...] = ()
    refused: str = ""

    @property
    def name(self) -> str:
        return member_name(self.target, self.exchange)

    def details(self) -> list[str]:
        """The dialog's lines: the member's update, then each member changed, key by key."""
        lines = [f"{self.name}: update {member_summary(self.target, self.federation)}"]
        for rewrite in self.rewrites:
            name = member_name(rewrite.member, rewrite.exchange)
            file = shown_file(rewrite.member.file, self.federation)
            if rewrite.refused:
                lines.append(f"{name}: {file}: {rewrite.refused}")
                continue
            lines.append(f"{name}: rewrite {file}, then update it if deployed:")
            changes = rewrite.rewrite.changes if rewrite.rewrite is not None else ()
            lines.extend(f"    {change}" for change in changes)
        if not self.rewrites:
            lines.append(f"every route to {self.name} already names where it listens")
        return lines


def plan_party_update(
    federation: Federation, target: Member, exchange: bool, live_ip: str | None
) -> PartyUpdatePlan:
    """Read `target`'s cluster.yaml and every other member's (blocking: call it in a thread);
    `live_ip` is its gateway address from Info, used where its file fixes none."""
    try:
        cluster_file = read_cluster_file(target.file)
    except ClusterFileError as error:
        return PartyUpdatePlan(federation, target, exchange, refused=str(error))
    if cluster_file.errors:
        refused = errors_text(cluster_file.errors, shown_file(target.file, federation))
        return PartyUpdatePlan(federation, target, exchange, refused=refused)
    exposure = exposure_of(cluster_file.text)
    rewrites = rewrites_for(federation, target, exposure, live_ip)
    return PartyUpdatePlan(federation, target, exchange, tuple(rewrites))


async def update_party(
    plan: PartyUpdatePlan, backends: PartyBackends, report: Report, wait: Wait
) -> list[DeployOutcome]:
    """Update the member, then (once it succeeded, or is not deployed) rewrite and update the
    members routing to it, side by side."""
    for rewrite in plan.rewrites:
        report(member_name(rewrite.member, rewrite.exchange), f"waiting for {plan.name}")
    first = await apply_member(plan.target, plan.exchange, backends, report, wait, update=True)
    if not (first.succeeded or first.absent):
        for rewrite in plan.rewrites:
            name = member_name(rewrite.member, rewrite.exchange)
            report(name, f"not changed: {plan.name} was not updated")
        return [first]
    rest = await asyncio.gather(
        *(_reroute(plan.federation, rewrite, backends, report, wait) for rewrite in plan.rewrites)
    )
    return [first, *rest]


async def _reroute(
    federation: Federation,
    rewrite: MemberRewrite,
    backends: PartyBackends,
    report: Report,
    wait: Wait,
) -> DeployOutcome:
    """Save one member's rewritten file, then update its cluster if it is deployed."""
    name = member_name(rewrite.member, rewrite.exchange)

    def refused(text: str) -> DeployOutcome:
        report(name, f"not rewritten: {text}")
        return DeployOutcome(name, None, text)

    if rewrite.refused or rewrite.rewrite is None:
        return refused(rewrite.refused)
    try:
        await asyncio.to_thread(
            save_inside,
            federation.folder,
            rewrite.member.file,
            rewrite.rewrite.text,
            rewrite.before,
        )
    except ChangedMeanwhile as changed:
        return refused(f"{changed}; press u again to see the update anew")
    except (OSError, ValueError) as error:
        return refused(error_text(error))
    count = len(rewrite.rewrite.changes)
    saved = f"file rewritten ({count} key{'' if count == 1 else 's'})"
    return await apply_member(
        rewrite.member,
        rewrite.exchange,
        backends,
        lambda who, text: report(who, f"{saved} · {text}"),
        wait,
        update=True,
    )
