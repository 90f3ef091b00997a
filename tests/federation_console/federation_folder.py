"""Federation folders for the Federations mode's tests: federation.yaml and one cluster.yaml per
party, written from the `fate` preset (Eggroll/OSX), each party routing to the others' OSX port."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backend.presets.catalog import preset_named

HOST = "192.168.10.1"
"""The node address every route names (the emulator's node)."""


@dataclass(frozen=True)
class Party:
    """A party as the test writes it: its id, OSX NodePort, profile, and port overrides."""

    party_id: int
    node_port: int
    profile: str | None = None
    routes: dict[int, int] = field(default_factory=dict)
    """Route port per other party, where it differs from that party's NodePort (a mistake)."""

    @property
    def name(self) -> str:
        return f"fate-{self.party_id}"


def cluster_yaml(party: Party, others: list[Party], host: str = HOST) -> str:
    """The `fate` preset made this party's, routing to `others` on their OSX ports."""
    text = preset_named("fate").text()
    text = text.replace("fate-9999", party.name).replace(
        "partyId: 9999", f"partyId: {party.party_id}"
    )
    text = text.replace("nodePort: 30091", f"nodePort: {party.node_port}")
    start = text.index("  partyList:")
    end = text.index("\n\n", start)
    entries = "".join(
        f"    - partyId: {other.party_id}\n      partyIp: {host}\n"
        f"      partyPort: {party.routes.get(other.party_id, other.node_port)}\n"
        for other in others
    )
    # The preset's FATE-Flow ports are fixed; each party needs its own on a shared node.
    text = text[:start] + "  partyList:\n" + entries.rstrip("\n") + text[end:]
    offset = party.node_port - 30091
    text = text.replace("httpNodePort: 30097", f"httpNodePort: {30097 + offset}")
    return text.replace("grpcNodePort: 30092", f"grpcNodePort: {30092 + offset}")


def write_federation(folder: Path, parties: list[Party], name: str = "fed-test") -> Path:
    """federation.yaml and party-<id>/cluster.yaml under `folder`; returns `folder`."""
    lines = [f"name: {name}", "parties:"]
    for party in parties:
        others = [p for p in parties if p is not party]
        file = folder / f"party-{party.party_id}" / "cluster.yaml"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(cluster_yaml(party, others), encoding="utf-8")
        profile = f", profile: {party.profile}" if party.profile else ""
        lines.append(
            f"  - {{partyId: {party.party_id}, cluster: {party.name}, namespace: {party.name}"
            f"{profile}, file: party-{party.party_id}/cluster.yaml}}"
        )
    (folder / "federation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_planned(
    folder: Path, party_ids: list[int], *, exchange: bool, host: str = HOST, preset: str = "fate"
) -> Path:
    """The files `kubefate-tui federation new` writes for `party_ids`, every address `host`."""
    from backend.federation.federation_file import write_federation as federation_text
    from backend.federation.plan import plan_federation

    addresses: dict[int | None, str] = {party: host for party in party_ids}
    addresses[None] = host
    plan = plan_federation(party_ids, folder, exchange=exchange, addresses=addresses, preset=preset)
    texts = {plan.federation.path: federation_text(plan.federation), **plan.texts}
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
