"""A party's own route-table entries follow its new party id."""

from __future__ import annotations

from pathlib import Path

import yaml

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.own_routes import follow_party_id

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "kubefate" / "v2.0.0"


def test_the_own_entries_move_to_the_new_id_and_the_others_stay() -> None:
    text = (EXAMPLE / "party-9999-cluster-spark-pulsar.yaml").read_text()
    draft = ClusterDraft.from_text(text)
    draft.set("partyId", 8888)
    moved = follow_party_id(draft, 9999, 8888)
    assert moved == ["pulsar.route_table.9999 → pulsar.route_table.8888"]
    data = yaml.safe_load(draft.text())
    assert list(data["pulsar"]["route_table"]) == [8888, 10000]  # numbers, in place
    assert data["pulsar"]["route_table"][8888]["host"] == "pulsar"
    assert list(data["nginx"]["route_table"]) == [10000]  # it had no entry of its own
    assert [f for f in draft.findings() if f.is_error] == []


def test_an_id_that_is_another_partys_entry_is_left_alone() -> None:
    text = (EXAMPLE / "party-9999-cluster-spark-pulsar.yaml").read_text()
    draft = ClusterDraft.from_text(text)
    assert follow_party_id(draft, 9999, 10000) == []
    assert follow_party_id(draft, 9999, 9999) == []
    assert draft.text() == text
