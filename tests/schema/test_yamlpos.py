"""YAML with positions."""

from __future__ import annotations

import time

from backend.schema.yamlpos import (
    YMap,
    YScalar,
    YSeq,
    child_path,
    compose,
    line_count,
    plain,
    position_of,
)


def test_positions_of_keys_and_values() -> None:
    root, findings = compose("name: fate\nosx:\n  partyList:\n    - partyId: 10000\n")
    assert findings == []
    assert isinstance(root, YMap)
    key = root.key_node("name")
    value = root.get("name")
    assert key is not None and (key.line, key.column) == (1, 1)
    assert isinstance(value, YScalar) and (value.line, value.column) == (1, 7)
    osx = root.get("osx")
    assert isinstance(osx, YMap)
    party_list = osx.get("partyList")
    assert isinstance(party_list, YSeq)
    item = party_list.items[0]
    assert isinstance(item, YMap) and (item.line, item.column) == (4, 7)
    party_id = item.get("partyId")
    assert isinstance(party_id, YScalar) and party_id.value == 10000
    assert (party_id.line, party_id.column) == (4, 16)


def test_scalars_are_typed_like_pyyaml() -> None:
    root, _ = compose('a: yes\nb: "30091"\nc: 0x10\nd: ~\ne: 1.5\nf: 2001-12-14\n')
    assert plain(root) == {
        "a": True,
        "b": "30091",
        "c": 16,
        "d": None,
        "e": 1.5,
        "f": __import__("datetime").date(2001, 12, 14),
    }
    assert isinstance(root, YMap)
    quoted = root.get("b")
    assert isinstance(quoted, YScalar) and quoted.quoted and quoted.source == "30091"


def test_duplicate_keys_name_both_lines() -> None:
    root, findings = compose("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 4\n")
    assert [(f.code, f.path, f.line, f.column) for f in findings] == [
        ("duplicate-key", "b.x", 5, 3),
        ("duplicate-key", "a", 6, 1),
    ]
    assert "lines 3 and 5" in findings[0].message
    assert "lines 1 and 6" in findings[1].message
    assert plain(root) == {"a": 4, "b": {"x": 3, "y": 2}}  # the last one wins, as in PyYAML


def test_same_text_keys_of_different_types_are_not_yaml_duplicates() -> None:
    root, findings = compose('t:\n  10000: a\n  "10000": b\n')
    assert findings == []
    assert isinstance(root, YMap)
    table = root.get("t")
    assert isinstance(table, YMap) and len(table.pairs) == 2
    assert plain(table) == {"10000": "b"}


def test_syntax_errors_become_findings() -> None:
    _, findings = compose("a: 1\n  b: 2\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-syntax", 2, 4)]
    assert "mapping values are not allowed" in findings[0].message
    _, findings = compose("a:\n\t- 1\n")
    assert findings[0].line == 2 and "tabs" in findings[0].message
    _, findings = compose("a: 1\n---\nb: 2\n")
    assert findings[0].line == 2 and "more than one YAML document" in findings[0].message
    _, findings = compose("a: *nope\n")
    assert findings[0].code == "yaml-syntax" and "nope" in findings[0].message


def test_reader_errors_get_a_position() -> None:
    _, findings = compose("a: 1\nb: x\x07y\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-syntax", 2, 5)]
    assert "#x0007" in findings[0].message


def test_aliases_merges_and_recursion() -> None:
    text = (
        "base: &base {type: NodePort, nodePort: 30091}\n"
        "osx:\n  <<: *base\n  nodePort: 30092\n"
        "loop: &loop [*loop]\n"
    )
    root, findings = compose(text)
    assert findings == []
    data = plain(root)
    assert isinstance(data, dict)
    assert data["osx"] == {"nodePort": 30092, "type": "NodePort"}
    loop = data["loop"]
    assert isinstance(loop, list) and loop[0] is loop


def test_bad_merge_and_tags() -> None:
    _, findings = compose("a:\n  <<: 1\nb: !!int x\nc: !custom y\n")
    assert [(f.severity, f.code, f.line) for f in findings] == [
        ("error", "yaml-merge", 2),
        ("error", "yaml-value", 3),
        ("warning", "yaml-tag", 4),
    ]


def test_non_text_keys() -> None:
    _, findings = compose("? [a, b]\n: 1\n")
    assert [f.code for f in findings] == ["key-type"]


def test_alias_bombs_stay_linear() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    text = "\n".join(lines) + "\n"
    start = time.perf_counter()
    root, findings = compose(text)
    assert findings == [] and isinstance(root, YMap)
    assert time.perf_counter() - start < 2


def test_helpers() -> None:
    assert line_count("") == 1
    assert line_count("a\r\nb\rc\n") == 4
    assert position_of("ab\ncd", 4) == (2, 2)
    assert child_path("", "osx") == "osx"
    assert child_path("osx", "partyList") == "osx.partyList"
    assert child_path("resources", "nvidia.com/gpu") == 'resources["nvidia.com/gpu"]'
    assert compose("") == (None, [])
    assert compose("# only a comment\n") == (None, [])
