"""The lines after a map or list (blank lines, the comment that introduces the next section)
stay there when the map or list grows or shrinks at its end."""

from __future__ import annotations

from backend.drafts.cluster_draft import ClusterDraft
from backend.presets import preset_named

NEXT_SECTION = "# FATE-Flow, the job scheduler"


def line_before(text: str, line: str) -> str:
    """The non-blank line just above `line`."""
    lines = [each for each in text.splitlines() if each.strip()]
    return lines[lines.index(line) - 1]


def test_a_party_added_at_the_end_of_the_list_goes_before_the_next_sections_comment() -> None:
    draft = ClusterDraft.from_text(preset_named("fate").text())
    draft.set("osx.partyList[1].partyId", 10001)
    draft.set("osx.partyList[1].partyIp", "10.0.0.3")
    draft.set("osx.partyList[1].partyPort", 30101)
    text = draft.text()
    assert line_before(text, "python:").startswith(NEXT_SECTION)
    assert line_before(text, NEXT_SECTION + text.split(NEXT_SECTION)[1].split("\n")[0]) == (
        "      partyPort: 30101"
    )
    assert "\n\n" + NEXT_SECTION in text  # its blank line above too
    assert text.count(NEXT_SECTION) == 1


def test_a_key_added_at_the_end_of_a_map_goes_before_the_next_sections_comment() -> None:
    draft = ClusterDraft.from_text(preset_named("fate").text())
    draft.set("osx.resources", {"limits": {"cpu": 2}})
    text = draft.text()
    assert text.index("  resources:\n    limits:\n      cpu: 2\n") < text.index(NEXT_SECTION)
    assert line_before(text, "python:").startswith(NEXT_SECTION)


def test_the_last_values_own_comment_stays_with_it() -> None:
    draft = ClusterDraft.from_text("names:\n  - a  # the first\n\n# next\nb: 1\n")
    draft.set("names[1]", "c")
    assert draft.text() == "names:\n  - a  # the first\n  - c\n\n# next\nb: 1\n"


def test_removing_the_last_value_keeps_what_followed_it_and_drops_its_own_comment() -> None:
    draft = ClusterDraft.from_text("names:\n  - a\n  - b  # the second\n\n# next\nb: 1\n")
    draft.remove("names[1]")
    assert draft.text() == "names:\n  - a\n\n# next\nb: 1\n"


def test_removing_an_item_before_the_end_leaves_the_lines_after_the_list_once() -> None:
    draft = ClusterDraft.from_text("names:\n  - a\n  - b\n  - c  # third\n\n# next\nb: 1\n")
    draft.remove("names[0]")
    assert draft.text() == "names:\n  - b\n  - c  # third\n\n# next\nb: 1\n"


def test_a_list_emptied_at_the_end_of_a_section_still_reads_back() -> None:
    # `fateflow: []` cannot be followed by lines on ruamel's side: they go, the YAML stays.
    draft = ClusterDraft.from_text(preset_named("slim").text())
    draft.remove("nginx.route_table.10000.fateflow[0]")
    assert draft.get("nginx.route_table.10000.fateflow") == []
    assert draft.get("pulsar.type") == "NodePort"
    assert ClusterDraft.from_text(draft.text()).get("pulsar.route_table.9999.port") == 6650
