"""Drafts: changed by path, given back with the author's comments and layout."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.drafts.document_path import PathError, format_path, parse_path
from backend.drafts.engine_choice import Engines, choose_engines, current_engines
from backend.drafts.typed_values import TypedValueError, typed_value

DATA = Path(__file__).resolve().parent.parent / "data" / "kubefate" / "v2.0.0"


def _draft(name: str) -> tuple[str, ClusterDraft]:
    text = (DATA / name).read_text()
    return text, ClusterDraft.from_text(text)


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    import difflib

    pairs = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        removed = before.splitlines()[a1:a2]
        added = after.splitlines()[b1:b2]
        if tag != "equal" and [x for x in removed if x.strip()] + [x for x in added if x.strip()]:
            pairs.append(
                ("\n".join(before.splitlines()[a1:a2]), "\n".join(after.splitlines()[b1:b2]))
            )
    return pairs


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_an_untouched_draft_is_the_file_byte_for_byte(name: str) -> None:
    text, draft = _draft(name)
    assert draft.text() == text
    assert not draft.changed


def test_one_change_changes_one_line_and_keeps_every_comment() -> None:
    text, draft = _draft("cluster-spark-pulsar.yaml")
    assert draft.set("partyId", 10000)
    assert _changed_lines(text, draft.text()) == [("partyId: 9999", "partyId: 10000")]
    assert draft.text().count("#") == text.count("#")


def test_setting_the_same_value_is_no_change() -> None:
    text, draft = _draft("cluster.yaml")
    assert not draft.set("partyId", 9999)
    assert draft.text() == text


def test_new_items_take_the_indentation_of_their_neighbours() -> None:
    # This file indents `modules` by two and `imagePullSecrets` by none: both stay so.
    text, draft = _draft("party-9999-cluster-spark-pulsar.yaml")
    draft.set_items(
        "modules", ["python", "mysql", "fateboard", "client", "spark", "hdfs", "nginx", "rabbitmq"]
    )
    draft.set("imagePullSecrets[1]", {"name": "other"})
    assert _changed_lines(text, draft.text()) == [
        ("", "- name: other"),
        ("  - pulsar", "  - rabbitmq"),
    ]


def test_route_table_keys_are_party_ids_as_written() -> None:
    _text, draft = _draft("party-9999-cluster-spark-pulsar.yaml")
    assert draft.get("pulsar.route_table.10000.port") == 30104
    draft.set("pulsar.route_table.10000.host", "10.0.0.7")
    draft.set("pulsar.route_table.10001.host", "10.0.0.8")
    data = yaml.safe_load(draft.text())
    assert data["pulsar"]["route_table"][10000]["host"] == "10.0.0.7"
    assert data["pulsar"]["route_table"][10001] == {"host": "10.0.0.8"}


def test_a_removed_last_item_leaves_the_comment_after_the_list() -> None:
    _text, draft = _draft("cluster-spark-pulsar.yaml")
    draft.set_items("modules", ["mysql", "python", "fateboard", "client", "spark", "hdfs", "nginx"])
    assert "\n  - nginx\n\n# Computing : Eggroll, Spark, Spark_local\n" in draft.text()


def test_new_keys_go_where_the_schema_orders_them() -> None:
    draft = ClusterDraft.from_text("name: a\nchartName: fate\nchartVersion: v2.0.0\n")
    draft.set("namespace", "fate-1")
    assert draft.text().splitlines()[:2] == ["name: a", "namespace: fate-1"]


def test_paths_through_a_value_that_is_not_a_list_are_refused() -> None:
    _, draft = _draft("cluster.yaml")
    with pytest.raises(DraftError, match="partyId is not a list"):
        draft.set("partyId[0]", 1)
    with pytest.raises(DraftError, match="the list has 1 items"):
        draft.set("imagePullSecrets[5].name", "x")


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [1]\n"
        # Billion laughs: each line names the one above nine times.
        + "".join(
            f"b{i}: &b{i} [{', '.join([f'*b{i - 1}' if i else '*a'] * 9)}]\n" for i in range(12)
        ),
        "a: " + "[" * 5000 + "]" * 5000,
        "a: [unclosed\n",
        "- a list\n",
    ],
)
def test_hostile_or_broken_documents_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(DraftError) as refused:
        ClusterDraft.from_text(text)
    assert str(refused.value)


def test_paths_round_trip_and_bad_ones_say_where() -> None:
    path = "osx.partyList[1].partyId"
    assert format_path(parse_path(path)) == path
    assert parse_path("pulsar.route_table.10000.host")[2] == "10000"
    for bad in ("", "a..b", "[1]", "a[x]", "a.", "a[1]b"):
        with pytest.raises(PathError):
            parse_path(bad)


def test_typed_values_follow_the_key_type() -> None:
    assert typed_value("30091", "int") == 30091
    assert typed_value("yes", "bool") is True
    assert typed_value("", "int") is None
    assert typed_value("007", "string") == "007"
    assert typed_value("[a, b]", "list") == ["a", "b"]
    with pytest.raises(TypedValueError, match="not a whole number"):
        typed_value("3009I", "int")
    with pytest.raises(TypedValueError, match="not a map"):
        typed_value("[a]", "map")


def test_choosing_spark_swaps_the_eggroll_modules_for_spark_ones() -> None:
    _, draft = _draft("cluster.yaml")
    assert current_engines(draft) == Engines("Eggroll", "OSX", "Eggroll")
    change = choose_engines(draft, Engines("Spark", "Pulsar", "HDFS"))
    assert set(change.removed) == {"osx", "clustermanager", "nodemanager"}
    assert set(change.added) == {"spark", "hdfs", "nginx", "pulsar"}
    assert [f for f in draft.findings() if f.is_error and f.code.startswith("module")] == []
