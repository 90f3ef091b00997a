"""A member's routes to a party rewritten to where that party now listens."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.drafts.cluster_draft import ClusterDraft
from backend.federation.federation_file import load_federation
from backend.federation.route_update import (
    ChangedMeanwhile,
    OutsideFederation,
    retargeted,
    rewrites_for,
    save_inside,
)
from backend.federation.routes import ExposedPort, Exposure, exposure_of, routes_of
from tests.federation.test_routes import example
from tests.federation_console.federation_folder import write_planned


def moved(file: Path, **ports: int) -> str:
    """`file`'s text with each key path (`osx__nodePort`) set: the party's edit."""
    draft = ClusterDraft.from_text(file.read_text("utf-8"))
    for path, port in ports.items():
        draft.set(path.replace("__", "."), port)
    return draft.text()


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line]


def test_the_route_to_a_moved_gateway_names_its_new_port_and_keeps_the_comments(
    tmp_path: Path,
) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    party = moved(folder / "party-10000" / "cluster.yaml", osx__nodePort=30222)
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    rewrite = retargeted(router, 10000, exposure_of(party))

    assert rewrite is not None
    assert [r.port for r in routes_of(rewrite.text) if r.party_id == 10000] == [30222]
    assert [str(c).split(": ", 1)[1] for c in rewrite.changes] == [
        "osx.partyList[0].partyPort 30101 → 30222"
    ]
    assert comments(router) == comments(rewrite.text)


def test_a_live_address_fills_a_placeholder(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False, host="<node-ip>")
    party = (folder / "party-10000" / "cluster.yaml").read_text("utf-8")
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    assert retargeted(router, 10000, exposure_of(party)) is None  # nothing known to write
    rewrite = retargeted(router, 10000, exposure_of(party), live_host="10.1.2.3")

    assert rewrite is not None
    assert [(r.host, r.port) for r in routes_of(rewrite.text) if r.party_id == 10000] == [
        ("10.1.2.3", 30101)
    ]


def test_routes_that_already_agree_are_left_alone(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    party = (folder / "party-10000" / "cluster.yaml").read_text("utf-8")
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    assert retargeted(router, 10000, exposure_of(party)) is None


def test_pulsar_route_tables_follow_both_pulsar_ports(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False, preset="spark-pulsar")
    file = folder / "party-10000" / "cluster.yaml"
    before = exposure_of(file.read_text("utf-8"))
    pulsar = before.port_for("pulsar")
    tls = before.port_for("pulsar-tls")
    assert pulsar is not None and tls is not None
    party = moved(
        file, **{pulsar.path.replace(".", "__"): 30444, tls.path.replace(".", "__"): 30445}
    )
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    rewrite = retargeted(router, 10000, exposure_of(party))

    assert rewrite is not None
    ports = {r.role: r.port for r in routes_of(rewrite.text) if r.party_id == 10000}
    assert ports["pulsar"] == 30444 and ports["pulsar-tls"] == 30445


def test_with_an_exchange_only_the_exchange_routes_to_a_party(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=True)
    federation = load_federation(folder)
    target = next(m for m in federation.parties if m.party_id == 10000)
    exposure = exposure_of(moved(target.file, osx__nodePort=30222))

    rewrites = rewrites_for(federation, target, exposure, None)

    assert [(r.exchange, r.refused) for r in rewrites] == [(True, "")]


def test_moving_the_exchange_rewrites_every_party(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=True)
    federation = load_federation(folder)
    exchange = federation.exchange
    assert exchange is not None
    exposure = exposure_of(moved(exchange.file, rollsite__nodePort=30333))

    rewrites = rewrites_for(federation, exchange, exposure, None)

    assert [r.member.party_id for r in rewrites] == [9999, 10000]
    for rewrite in rewrites:
        assert rewrite.rewrite is not None
        assert [r.port for r in routes_of(rewrite.rewrite.text) if r.party_id is None] == [30333]


def test_a_member_file_outside_the_folder_is_named_not_rewritten(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    outside = tmp_path / "elsewhere" / "cluster.yaml"
    outside.parent.mkdir()
    (folder / "party-9999" / "cluster.yaml").rename(outside)
    federation_file = folder / "federation.yaml"
    federation_file.write_text(
        federation_file.read_text("utf-8").replace(
            "party-9999/cluster.yaml", "../elsewhere/cluster.yaml"
        ),
        "utf-8",
    )
    federation = load_federation(folder)
    target = next(m for m in federation.parties if m.party_id == 10000)

    rewrites = rewrites_for(
        federation, target, exposure_of(moved(target.file, osx__nodePort=30222)), None
    )

    assert [r.refused for r in rewrites] == [
        "its file is outside the federation's folder: not rewritten"
    ]


def test_only_files_inside_the_federation_folder_are_saved(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    inside = folder / "party-9999" / "cluster.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("kept: true\n", "utf-8")

    save_inside(folder, inside, "partyId: 9999\n")
    with pytest.raises(OutsideFederation):
        save_inside(folder, folder / ".." / "elsewhere.yaml", "partyId: 1\n")

    assert inside.read_text("utf-8") == "partyId: 9999\n"
    assert outside.read_text("utf-8") == "kept: true\n"


def test_a_tunnel_written_as_host_port_stays_one_host_port_value() -> None:
    exchange = example("exchange/trafficServer.yaml")
    party = Exposure(
        10000,
        "NodePort",
        30443,
        None,
        True,
        (ExposedPort("pulsar-tls", "pulsar.httpsNodePort", 30443, True, "NodePort"),),
    )

    rewrite = retargeted(exchange, 10000, party, live_host="10.9.9.9")

    assert rewrite is not None
    assert [str(c).split(": ", 1)[1] for c in rewrite.changes] == [
        "trafficServer.route_table.sni[0].tunnelRoute 192.168.10.1:30109 → 10.9.9.9:30443"
    ]
    tunnels = [(r.party_id, r.host, r.port) for r in routes_of(rewrite.text) if r.tls]
    assert tunnels == [(10000, "10.9.9.9", 30443), (9999, "192.168.9.1", 30099)]


def test_a_file_edited_since_the_rewrite_was_planned_is_not_overwritten(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    federation = load_federation(folder)
    target = next(m for m in federation.parties if m.party_id == 10000)
    exposure = exposure_of(moved(target.file, osx__nodePort=30222))
    (planned,) = rewrites_for(federation, target, exposure, None)
    assert planned.rewrite is not None
    router = planned.member.file
    edited = router.read_text("utf-8") + "# the operator's note\n"
    router.write_text(edited, "utf-8")

    with pytest.raises(ChangedMeanwhile, match="edited since"):
        save_inside(folder, router, planned.rewrite.text, planned.before)

    assert router.read_text("utf-8") == edited
    save_inside(folder, router, planned.rewrite.text, edited)  # as it is now: saved
    assert router.read_text("utf-8") == planned.rewrite.text
