"""A member's routes to a party rewritten to the ports that party now exposes."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.drafts.cluster_draft import ClusterDraft
from backend.federation.route_update import OutsideFederation, retargeted, save_inside
from backend.federation.routes import exposure_of, routes_of
from tests.federation_console.federation_folder import write_planned


def test_the_route_to_a_moved_gateway_names_its_new_port_and_keeps_the_comments(
    tmp_path: Path,
) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    moved = folder / "party-10000" / "cluster.yaml"
    draft = ClusterDraft.from_text(moved.read_text("utf-8"))
    draft.set("osx.nodePort", 30222)
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    text = retargeted(router, 10000, exposure_of(draft.text()))

    assert text is not None
    assert [r.port for r in routes_of(text) if r.party_id == 10000] == [30222]
    assert [line for line in router.splitlines() if "#" in line] == [
        line for line in text.splitlines() if "#" in line
    ]


def test_routes_that_already_agree_are_left_alone(tmp_path: Path) -> None:
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=False)
    party = (folder / "party-10000" / "cluster.yaml").read_text("utf-8")
    router = (folder / "party-9999" / "cluster.yaml").read_text("utf-8")

    assert retargeted(router, 10000, exposure_of(party)) is None


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
