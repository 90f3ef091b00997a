"""Old layouts converted: KubeFATE's v2.0.0 party examples (the v1 `rollsite` layout under the
v2 chart) come out as the v2 chart reads them, with their values and comments."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.drafts.layout_conversion import (
    LayoutChange,
    convert_layout,
    layout_codes,
    preview_layout,
)
from backend.drafts.layout_keeping import line_opcodes

KUBEFATE = Path(__file__).resolve().parent.parent / "data" / "kubefate"
V2 = KUBEFATE / "v2.0.0"
PARTY_EXAMPLES = sorted(path.name for path in V2.glob("party-9999-*.yaml"))
OLD_LAYOUT = ["party-9999-cluster.yaml", "party-9999-cluster-gpu.yaml"]


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    pairs = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            old, new = before.splitlines()[a1:a2], after.splitlines()[b1:b2]
            pairs.append(("\n".join(old), "\n".join(new)))
    return pairs


def _layout_findings(draft: ClusterDraft) -> list[str]:
    codes = layout_codes(draft.schema)
    return [f.message for f in draft.findings() if f.code in codes]


def _converted(text: str) -> tuple[ClusterDraft, list[LayoutChange]]:
    draft = ClusterDraft.from_text(text)
    return draft, convert_layout(draft)


def test_the_examples_with_the_old_layout_have_layout_findings() -> None:
    # The premise: without it, "no findings after conversion" would prove nothing.
    for name in OLD_LAYOUT:
        assert len(_layout_findings(ClusterDraft.from_text((V2 / name).read_text()))) == 3


@pytest.mark.parametrize("name", PARTY_EXAMPLES)
def test_every_party_example_ends_with_no_layout_finding_and_no_error(name: str) -> None:
    draft, _changes = _converted((V2 / name).read_text())
    assert _layout_findings(draft) == []
    assert [f.message for f in draft.findings() if f.is_error] == []


@pytest.mark.parametrize("name", OLD_LAYOUT)
def test_rollsite_becomes_osx_with_its_party_list(name: str) -> None:
    text = (V2 / name).read_text()
    draft, changes = _converted(text)
    data = yaml.safe_load(draft.text())
    assert "rollsite" not in data and "rollsite" not in data["modules"]
    assert data["modules"][0] == "osx"
    assert data["federation"] == "OSX"
    assert data["osx"] == {
        "type": "NodePort",
        "nodePort": 30091,
        "partyList": [{"partyId": 10000, "partyIp": "192.168.10.1", "partyPort": 30101}],
    }
    assert [(c.line, c.message) for c in changes] == [
        (17, "modules[0]: rollsite → osx"),
        (26, "federation: Eggroll → OSX"),
        (39, "rollsite → osx (section renamed: type, nodePort, partyList carried over)"),
        (42, "rollsite.partyList → osx.partyList (1 party)"),
    ]
    assert all(c.converted for c in changes)
    # Three lines change; every other line is the author's, trailing spaces and all.
    assert _changed_lines(text, draft.text()) == [
        ("  - rollsite", "  - osx"),
        ("federation: Eggroll", "federation: OSX"),
        ("rollsite:", "osx:"),
    ]


@pytest.mark.parametrize("name", OLD_LAYOUT)
def test_comments_in_and_around_the_section_stay_where_they_were(name: str) -> None:
    text = (V2 / name).read_text()
    text = text.replace("  - rollsite\n", "  - rollsite  # the gateway\n")
    text = text.replace("rollsite:\n", "# Gateway to the other parties\nrollsite:  # v1 name\n")
    text = text.replace("  partyList:\n", "  # who we talk to\n  partyList:\n")
    text = text.replace("      partyPort: 30101\n", "      partyPort: 30101  # their osx\n")
    draft, _changes = _converted(text)
    assert _changed_lines(text, draft.text()) == [
        ("  - rollsite  # the gateway", "  - osx  # the gateway"),
        ("federation: Eggroll", "federation: OSX"),
        ("rollsite:  # v1 name", "osx:  # v1 name"),
    ]


def _v1_file_under_v2() -> str:
    """KubeFATE's commented v1.11.2 cluster.yaml, its rollsite section switched on (exchange
    and party list included) and moved to chart v2.0.0: an upgrade as people do it."""
    lines = (KUBEFATE / "v1.11.2" / "cluster.yaml").read_text().splitlines(keepends=True)
    start = lines.index("# rollsite:\n")
    for index in range(start, start + 11):  # rollsite: ... partyPort
        lines[index] = lines[index].replace("# ", "", 1)
    return "".join(lines).replace("chartVersion: v1.11.2", "chartVersion: v2.0.0")


def test_a_commented_file_keeps_its_comments_exchange_and_party_list() -> None:
    text = _v1_file_under_v2()
    assert "rollsite:\n  type: NodePort\n" in text  # the switch-on above worked
    draft, changes = _converted(text)
    after = draft.text()
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert (
        comments
        and [line.strip() for line in after.splitlines() if line.lstrip().startswith("#")]
        == comments
    )
    osx = yaml.safe_load(after)["osx"]
    assert osx["exchange"] == {"ip": "192.168.0.1", "port": 30000}
    assert osx["partyList"] == [{"partyId": 10000, "partyIp": "192.168.0.1", "partyPort": 30101}]
    assert "rollsite.exchange → osx.exchange (ip 192.168.0.1, port 30000)" in [
        c.message for c in changes
    ]
    assert _layout_findings(draft) == []
    assert len(_changed_lines(text, after)) == 3


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in V2.glob("*.yaml") if p.name not in OLD_LAYOUT),
)
def test_a_v2_document_is_left_byte_for_byte(name: str) -> None:
    text = (V2 / name).read_text()
    draft, changes = _converted(text)
    assert changes == []
    assert not draft.changed
    assert draft.text() == text


def test_preview_says_what_would_change_and_changes_nothing() -> None:
    text = (V2 / "party-9999-cluster.yaml").read_text()
    draft = ClusterDraft.from_text(text)
    preview = preview_layout(draft)
    assert [c.path for c in preview] == ["modules[0]", "federation", "osx", "osx.partyList"]
    assert draft.text() == text and not draft.changed
    assert convert_layout(draft) == preview


def test_rollsite_next_to_osx_is_left_as_written_and_said_so() -> None:
    text = (V2 / "party-9999-cluster.yaml").read_text() + "osx:\n  type: ClusterIP\n"
    draft, changes = _converted(text)
    data = yaml.safe_load(draft.text())
    assert data["rollsite"]["nodePort"] == 30091 and data["osx"] == {"type": "ClusterIP"}
    left = [c for c in changes if not c.converted]
    assert [(c.path, c.line) for c in left] == [("rollsite", 39)]
    assert "osx: is written too" in left[0].message
    assert data["modules"][0] == "osx"  # the rest is still converted


def test_a_module_listed_twice_is_not_doubled() -> None:
    text = (V2 / "party-9999-cluster.yaml").read_text()
    text = text.replace("  - client\n", "  - client\n  - osx  # added by hand\n")
    text = text.replace("  - rollsite\n", "  - rollsite  # the old gateway\n")
    draft, changes = _converted(text)
    after = draft.text()
    assert yaml.safe_load(after)["modules"] == [
        "clustermanager",
        "nodemanager",
        "mysql",
        "python",
        "fateboard",
        "client",
        "osx",
    ]
    assert changes[0].message == "modules[0]: rollsite removed, osx is listed already (modules[7])"
    assert "  - osx  # added by hand\n" in after
    assert [f.code for f in draft.findings() if f.code == "duplicate-module"] == []


def test_quoted_entries_stay_quoted() -> None:
    text = (V2 / "party-9999-cluster.yaml").read_text()
    text = text.replace("  - rollsite\n", '  - "rollsite"\n')
    text = text.replace("federation: Eggroll", "federation: 'Eggroll'")
    draft, _changes = _converted(text)
    assert '  - "osx"\n' in draft.text()
    assert "federation: 'OSX'\n" in draft.text()


def test_the_other_direction_follows_the_schema_and_names_what_v1_does_not_read() -> None:
    # chart v1.11.2 with the v2 gateway: the schema says to write rollsite; osx.image is a
    # v2-only key, moved as written and reported, never dropped.
    text = (
        (V2 / "cluster.yaml").read_text().replace("chartVersion: v2.0.0", "chartVersion: v1.11.2")
    )
    text += "osx:\n  image: federatedai/osx\n  nodePort: 30091\n"
    draft, changes = _converted(text)
    data = yaml.safe_load(draft.text())
    assert data["rollsite"] == {"image": "federatedai/osx", "nodePort": 30091}
    assert "rollsite" in data["modules"] and data["federation"] == "Eggroll"
    left = [c for c in changes if not c.converted]
    assert [c.path for c in left] == ["rollsite.image"]
    assert "does not read image" in left[0].message
    assert _layout_findings(draft) == []


def test_a_renamed_key_keeps_its_place_and_lines_are_those_read() -> None:
    draft = ClusterDraft.from_text("a: 1\nb:  # note\n  c: 2\nd: 3\n")
    assert draft.line_of("b.c") == 3
    assert draft.rename_key("b", "e")
    assert draft.text() == "a: 1\ne:  # note\n  c: 2\nd: 3\n"
    assert not draft.rename_key("b", "f")  # no such key any more
    assert draft.line_of("e") is None  # not in the text as read
    with pytest.raises(DraftError, match="d is already written"):
        draft.rename_key("e", "d")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "- x", ""]), max_size=30),
    st.lists(st.sampled_from(["a", "b", "- x", ""]), max_size=30),
)
def test_trimmed_opcodes_still_turn_one_text_into_the_other(a: list[str], b: list[str]) -> None:
    rebuilt: list[str] = []
    position = 0
    for tag, a1, a2, b1, b2 in line_opcodes(a, b):
        assert a1 == position  # the runs cover `a` in order, without gaps
        position = a2
        if tag == "equal":
            assert a[a1:a2] == b[b1:b2]
            rebuilt.extend(a[a1:a2])
        else:
            rebuilt.extend(b[b1:b2])
    assert position == len(a) and rebuilt == b


def test_a_long_party_list_keeps_its_lines() -> None:
    text = (V2 / "party-9999-cluster.yaml").read_text()
    parties = "".join(
        f"    - partyId: {10000 + i}\n      partyIp: 10.0.0.{i}\n      partyPort: 30101\n"
        for i in range(1_000)
    )
    text = text.replace(text[text.index("    - partyId") : text.index("\npython:")], parties)
    draft, changes = _converted(text)
    assert changes[-1].message == "rollsite.partyList → osx.partyList (1000 parties)"
    # Three lines differ: the author's lines were matched, not rewritten by ruamel (which
    # would re-indent all 3,000 party lines of this file).
    assert len(_changed_lines(text, draft.text())) == 3
