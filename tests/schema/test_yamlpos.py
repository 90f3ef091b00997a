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


def test_aliases_and_merges() -> None:
    text = "base: &base {type: NodePort, nodePort: 30091}\nosx:\n  <<: *base\n  nodePort: 30092\n"
    root, findings = compose(text)
    assert findings == []
    data = plain(root)
    assert isinstance(data, dict)
    assert data["osx"] == {"nodePort": 30092, "type": "NodePort"}


def test_a_recursive_alias_is_refused_at_its_line() -> None:
    # It has no JSON form (KubeFATE's YAML reader refuses it too), and expanding it never ends.
    root, findings = compose("a: 1\nloop: &loop [*loop]\n")
    assert root is None
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-limit", 2, 14)]
    assert "*loop is inside the value it names" in findings[0].message


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


def test_alias_bombs_are_refused_at_once_naming_the_bound() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    text = "\n".join(lines) + "\n"
    start = time.perf_counter()
    root, findings = compose(text)
    assert time.perf_counter() - start < 0.5
    assert root is None
    # a5 is the first anchor whose expansion passes 1,000,000 values (11 + 10 * ... > 10**6).
    assert [(f.code, f.line) for f in findings] == [("yaml-limit", 6)]
    assert "expand the document to more than 1,000,000 values" in findings[0].message


def test_long_text_aliased_many_times_is_refused() -> None:
    text = "big: &big " + "x" * 100_000 + "\nmany: [" + ", ".join(["*big"] * 200) + "]\n"
    root, findings = compose(text)
    assert root is None
    assert [f.code for f in findings] == ["yaml-limit"]
    assert "more than 16 MiB of text" in findings[0].message


def test_moderate_aliasing_still_loads() -> None:
    # Anchors reused a few times each, as people write resources once and refer to them.
    text = "r: &r {cpu: 1, memory: 2Gi}\n" + "".join(
        f"m{i}: {{resources: *r}}\n" for i in range(500)
    )
    root, findings = compose(text)
    assert findings == [] and isinstance(root, YMap)


def test_nesting_and_size_bounds_are_findings() -> None:
    root, findings = compose("a:\n  b: " + "[" * 700 + "]" * 700 + "\n")
    assert root is None
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-limit", 2, 68)]
    assert "nested more than 64 levels deep" in findings[0].message
    root, findings = compose("".join(f"k{i}: v\n" for i in range(130_000)))
    assert root is None and [(f.code, f.line) for f in findings] == [("yaml-limit", 125_000)]
    assert "more than 250,000 YAML values" in findings[0].message


def test_numbers_json_cannot_carry_are_errors() -> None:
    root, findings = compose("a: .nan\nb: -.inf\nc: 1.0e+999\nd: " + "9" * 5000 + "\ne: '.nan'\n")
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("yaml-number", "a", 1),
        ("yaml-number", "b", 2),
        ("yaml-number", "c", 3),
        ("yaml-number", "d", 4),
    ]
    assert "not a finite number" in findings[0].message
    assert "a number of 5,000 digits" in findings[3].message
    assert plain(root) == {"a": ".nan", "b": "-.inf", "c": "1.0e+999", "d": "9" * 5000, "e": ".nan"}


def test_helpers() -> None:
    assert line_count("") == 1
    assert line_count("a\r\nb\rc\n") == 4
    assert position_of("ab\ncd", 4) == (2, 2)
    assert child_path("", "osx") == "osx"
    assert child_path("osx", "partyList") == "osx.partyList"
    assert child_path("resources", "nvidia.com/gpu") == 'resources["nvidia.com/gpu"]'
    assert compose("") == (None, [])
    assert compose("# only a comment\n") == (None, [])


def test_a_10000_party_route_table_is_within_the_bounds() -> None:
    # The bounds must never bite a real federation: 16 values a party, ~160,000 in all.
    parties = "".join(
        f"    {10000 + i}:\n      proxy:\n      - host: 192.168.0.1\n        port: 30101\n"
        "      fateflow:\n      - host: 192.168.0.1\n        port: 30102\n"
        for i in range(10_000)
    )
    root, findings = compose("name: fate-9999\nosx:\n  route_table:\n" + parties)
    assert findings == []
    data = plain(root)
    assert isinstance(data, dict) and len(data["osx"]["route_table"]) == 10_000
