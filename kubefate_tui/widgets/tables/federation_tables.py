"""The Federations mode's tables: a row per party (who, where, how it is, its gateway, the last
probe) and a row per ordered pair of parties (what the first's routes say, and the check)."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text

from backend.federation.federation_file import Federation, Member
from backend.federation.gateway_probe import ProbeResult
from kubefate_tui.state.federation_status import FederationStatus


def probe_text(result: ProbeResult | None) -> str:
    """`reached in 3 ms`, `refused after 1 ms`, or "" before a probe."""
    if result is None:
        return ""
    ms = f"{result.seconds * 1000:.0f} ms"
    return f"reached in {ms}" if result.reached else f"{result.error} after {ms}"


def shown_file(file: Path, federation: Federation) -> str:
    """`party-9999/cluster.yaml`: a member's file as written in the federation file."""
    try:
        return file.relative_to(federation.folder).as_posix()
    except ValueError:
        return str(file)


def member_summary(member: Member, federation: Federation) -> str:
    """`fate-9999/fate-9999 from party-9999/cluster.yaml (current backend)`: what a member is
    installed as, from which file, through which profile."""
    return (
        f"{member.namespace}/{member.cluster} from {shown_file(member.file, federation)} "
        f"({member.profile or 'current backend'})"
    )


def cluster_text(cluster: str, namespace: str) -> str:
    """`fate-9999`; `namespace/cluster` when the namespace is not named after the cluster."""
    return cluster if namespace == cluster else f"{namespace}/{cluster}"


def parties_table(status: FederationStatus, probes: dict[str, ProbeResult]) -> Table:
    """A row per member: who (`party 9999`, `exchange`), its cluster, the profile it lives on,
    how it is, its gateway, and the last probe."""
    table = Table(show_edge=False)
    for column in ("party", "cluster", "profile", "status", "gateway", "probe"):
        table.add_column(column, overflow="fold")
    for party in status.parties:
        state = Text(party.problem, style="red") if party.problem else Text(party.status)
        table.add_row(
            party.name,
            cluster_text(party.member.cluster, party.member.namespace),
            party.profile,
            state,
            party.gateway,
            probe_text(probes.get(party.name)),
        )
    return table


def routes_table(status: FederationStatus) -> Table:
    """A row per ordered pair: what the first's route table says about the second, checked."""
    table = Table(show_edge=False)
    for column in ("from", "to", "route says", "check"):
        table.add_column(column, overflow="fold")
    for pair in status.pairs:
        check = Text(f"✗ {pair.mismatch}", style="bold red") if pair.mismatch else Text("ok")
        table.add_row(pair.source, pair.target, pair.says, check)
    return table
