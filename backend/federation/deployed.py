"""The federation's routes against what is deployed: each cluster's `Info` (`ip`, the node
address its gateway is reached at; `port`, the gateway's NodePort — backend/kube/cluster_info.py).

Pure comparison: whoever can reach the backends (the console, a command) fetches each
member's Info and hands it here; members it could not fetch are simply left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.federation.consistency import PLACEHOLDER, FederationReport
from backend.federation.federation_file import Federation, Member
from backend.federation.routes import Route, routes_of

GATEWAY_ROLES = ("gateway", "exchange-gateway")
"""The route roles that reach what Info describes: the gateway (OSX or rollsite) NodePort."""


@dataclass(frozen=True)
class DeployedGateway:
    """Where a deployed member's gateway is, from its Info (None: Info does not say)."""

    ip: str | None
    port: int | None


def deployed_gateway(info: Mapping[str, Any] | None) -> DeployedGateway | None:
    """The gateway address in a cluster's Info; None when there is no Info."""
    if not info:
        return None
    ip = info.get("ip")
    port = info.get("port")
    usable_ip = ip if isinstance(ip, str) and ip and " " not in ip else None  # not an error text
    return DeployedGateway(usable_ip, port if isinstance(port, int) and port > 0 else None)


def _compare(
    report: FederationReport, file: Path, route: Route, target: Member, gateway: DeployedGateway
) -> None:
    who = "the exchange" if route.party_id is None else f"party {route.party_id}"
    if gateway.port is not None and route.port != gateway.port:
        report.add(
            file,
            "error",
            "deployed-port",
            (route.path, route.line),
            f"{route.via} routes to {who} on port {route.port}, but the deployed cluster "
            f"{target.namespace}/{target.cluster} ({target.file}) listens on {gateway.port}",
            target.file,
        )
    if gateway.ip is not None and route.host != gateway.ip:
        placeholder = PLACEHOLDER.fullmatch(route.host) is not None
        report.add(
            file,
            "warning",
            "deployed-address",
            (route.path.rsplit(".", 1)[0], route.host_line),
            f"{route.via} reaches {who} at {route.host}, but the deployed cluster "
            f"{target.namespace}/{target.cluster} is at {gateway.ip}"
            + (": write that address" if placeholder else " (its node address, per Info)"),
            target.file,
        )


def compare_deployed(
    federation: Federation, deployed: Mapping[Path, DeployedGateway]
) -> FederationReport:
    """Each member's gateway routes against the deployed gateway of the member they reach;
    `deployed` maps a member's cluster.yaml path to its Info."""
    report = FederationReport()
    by_party = {member.party_id: member for member in federation.parties}
    for member in federation.members:
        try:
            text = member.file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            report.unreadable.append((member.file, str(error)))
            continue
        for route in routes_of(text):
            if route.role not in GATEWAY_ROLES:
                continue
            target = federation.exchange if route.party_id is None else by_party.get(route.party_id)
            gateway = deployed.get(target.file) if target is not None else None
            if target is not None and gateway is not None:
                _compare(report, member.file, route, target, gateway)
    return report


__all__ = ["DeployedGateway", "compare_deployed", "deployed_gateway"]
