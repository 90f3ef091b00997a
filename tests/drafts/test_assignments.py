"""`KEY=VALUE` assignments: schema paths made concrete, values typed, unknown keys refused with
the closest real ones."""

from __future__ import annotations

import pytest

from backend.drafts.assignments import (
    AssignmentError,
    apply_assignment,
    apply_assignments,
    closest_keys,
    split_assignment,
)
from backend.drafts.cluster_draft import ClusterDraft
from backend.presets import preset_named
from backend.schema.catalog import schema_by_line


def draft_of(preset: str) -> ClusterDraft:
    return ClusterDraft.from_text(preset_named(preset).text())


def test_the_first_equals_sign_splits_and_a_missing_one_is_explained() -> None:
    assert split_assignment("python.logLevel=a=b") == ("python.logLevel", "a=b")
    with pytest.raises(AssignmentError, match="write KEY=VALUE"):
        split_assignment("partyId")
    with pytest.raises(AssignmentError, match="write KEY=VALUE"):
        split_assignment("=10000")


def test_values_take_the_type_of_their_key() -> None:
    draft = draft_of("fate")
    apply_assignments(
        draft,
        ["partyId=10000", "persistence=true", "python.logLevel=DEBUG", "namespace=007"],
    )
    assert draft.get("partyId") == 10000
    assert draft.get("persistence") is True
    assert draft.get("python.logLevel") == "DEBUG"
    assert draft.get("namespace") == "007"  # a string key stays text, even when it looks numeric


def test_route_table_entries_and_list_items_are_written_by_path() -> None:
    draft = draft_of("spark-pulsar")
    apply_assignment(draft, "pulsar.route_table.10001.host=10.0.0.3")
    apply_assignment(draft, "pulsar.route_table.10001.port=30104")
    apply_assignment(draft, "nginx.route_table.10000.fateflow[0].host=10.0.0.2")
    assert draft.get("pulsar.route_table.10001") == {"host": "10.0.0.3", "port": 30104}
    assert draft.get("nginx.route_table.10000.fateflow[0].host") == "10.0.0.2"
    assert [f for f in draft.findings() if f.is_error] == []


def test_free_form_maps_and_skipped_keys_take_any_key() -> None:
    draft = draft_of("fate")
    apply_assignment(draft, "python.resources.limits.cpu=4")
    assert draft.get("python.resources.limits.cpu") == 4
    with pytest.raises(AssignmentError, match="not a key"):
        apply_assignment(draft, "myTool.setting=1")
    apply_assignment(draft, "skippedKeys=[myTool]")
    apply_assignment(draft, "myTool.setting=1")
    assert draft.get("myTool.setting") == 1


def test_an_unknown_key_names_the_closest_real_ones_made_concrete() -> None:
    draft = draft_of("fate")
    with pytest.raises(AssignmentError) as refused:
        apply_assignment(draft, "osx.partyList[0].partyIP=10.0.0.2")
    assert str(refused.value).startswith(
        "osx.partyList[0].partyIP: not a key of the fate chart v2.x; "
        "did you mean osx.partyList[0].partyIp"
    )
    assert draft.get("osx.partyList[0].partyIP") is None  # nothing was written


def test_closest_keys_keep_the_typed_index_and_party() -> None:
    schema = schema_by_line("fate-v2")
    assert closest_keys(schema, "osx.partyList[2].partyPrt")[0] == "osx.partyList[2].partyPort"
    assert closest_keys(schema, "pulsar.route_table.10001.sslport")[0] == (
        "pulsar.route_table.10001.sslPort"
    )
    assert closest_keys(schema, "zzzz") == []


def test_the_keys_of_the_chart_line_the_document_names_are_the_ones_checked() -> None:
    draft = draft_of("fate-v1")
    apply_assignment(draft, "rollsite.nodePort=30100")
    with pytest.raises(
        AssignmentError, match=r"fate chart v1.9-v1.11; did you mean rollsite.nodePort"
    ):
        apply_assignment(draft, "osx.nodePort=30100")


def test_a_value_of_the_wrong_type_names_the_key_and_writes_nothing() -> None:
    draft = draft_of("fate")
    with pytest.raises(AssignmentError, match="^osx.nodePort: 'high' is not a whole number"):
        apply_assignment(draft, "osx.nodePort=high")
    assert draft.get("osx.nodePort") == 30091
    assert not draft.changed


def test_a_list_index_past_the_end_is_refused_with_the_list_length() -> None:
    draft = draft_of("fate")
    with pytest.raises(AssignmentError, match=r"osx.partyList\[5\].*the list has 1 item"):
        apply_assignment(draft, "osx.partyList[5].partyId=10001")
