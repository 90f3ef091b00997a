"""libyaml's composer gives what PyYAML's bounded composer gives: the same nodes at the same
lines and columns, the same findings, the same refusals (backend/schema/libyaml_compose.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.schema import yamlpos
from backend.schema.findings import Finding
from backend.schema.libyaml_compose import LIBYAML_COMPOSER, compose_with_libyaml
from backend.schema.validator import validate_text
from backend.schema.yaml_bounds import compose_bounded
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, compose
from tests.schema.helpers import DATA, KUBEFATE

needs_libyaml = pytest.mark.skipif(not LIBYAML_COMPOSER, reason="PyYAML without libyaml >= 0.2.6")

FILES = sorted([*KUBEFATE.rglob("*.yaml"), *DATA.glob("*.yaml")])


def party_list(parties: int) -> str:
    """KubeFATE's v2.0.0 example with an OSX route to each of `parties` parties."""
    example = (KUBEFATE / "v2.0.0" / "cluster.yaml").read_text()
    routes = "".join(
        f"  - partyId: {10_000 + i}\n    partyIp: 10.0.{i // 256}.{i % 256}\n    partyPort: 30101\n"
        for i in range(parties)
    )
    return example + "osx:\n  partyList:\n" + routes


def alias_tree(levels: int) -> str:
    """Each anchor a list of ten aliases of the one before: ten times as large each level."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def aliased_text(chars: int, uses: int) -> str:
    return f"big: &big {'x' * chars}\nmany: [{', '.join(['*big'] * uses)}]\n"


# Within the bounds: libyaml composes these.
COMPOSED = {
    "keys and values": "name: fate\nosx:\n  partyList:\n    - partyId: 10000\n",
    "typed scalars": "a: yes\nb: 0x1F\nc: ~\nd: 2024-01-02\ne: '7'\nf: 1.5\ng: !!str 3\n",
    "duplicate keys": 't:\n  10000: a\n  "10000": b\n  10000: c\n',
    "aliases and merges": (
        "base: &base {type: NodePort, nodePort: 30091}\nosx:\n  <<: *base\n  nodePort: 30092\n"
        "list: &l [1, 2]\nagain: *l\nmerged: {<<: [*base, {extra: 1}]}\n"
    ),
    "moderate aliasing": "r: &r {cpu: 1, memory: 2Gi}\n"
    + "".join(f"m{i}: {{resources: *r}}\n" for i in range(500)),
    "aliased scalar": "s: &s text\nt: [*s, *s]\n",
    "bad merge and tags": "a:\n  <<: 1\nb: !!int x\nc: !custom y\nd: !!set {x}\n",
    "non-text keys": "? [a, b]\n: 1\n? {c: d}\n: 2\n",
    "numbers JSON cannot carry": "a: .nan\nb: -.inf\nc: 1.0e+999\nd: " + "9" * 5000 + "\n",
    "not ASCII": 'név: "ünïcode ✓"\nリスト: [日本, 語]\nemoji: 🙂 x\n',
    "line breaks": "a: 1\r\nb:\r\n  - x\r\n  - y\rc: 2\x85d: 3\u2028e: 4\n",
    "byte order mark": "\ufeffa: 1\nb: [1, 2]\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: 'it''s'\n",
    "flow pairs": "a: [b: 1, {c: 2}, [d]]\n",
    "empty values": "a:\nb: []\nc: {}\n? d\n",
    "nested 63 levels": "a: " + "[" * 63 + "]" * 63 + "\n",
    "10,000 parties": party_list(10_000),
    "empty": "",
    "comment only": "# only a comment\n",
}
# Out of the bounds, or broken: the bounded loader composes these (and says why).
REFUSED = {
    "syntax error": "a: 1\n  b: 2\n",
    "tab": "a:\n\t- 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "undefined alias": "a: *nope\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "control character": "a: 1\nb: x\x07y\n",
    "recursive alias": "a: 1\nloop: &loop [*loop]\n",
    "recursive alias in a map": "m: &m {a: {b: *m}}\n",
    "alias bomb": alias_tree(30),
    "long text aliased": aliased_text(100_000, 200),
    "nested 64 levels": "a: " + "[" * 64 + "]" * 64 + "\n",
    "nested 700 levels": "a:\n  b: " + "[" * 700 + "]" * 700 + "\n",
    "nested past libyaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep block nesting": "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "v\n",
    "more than 250,000 values": "".join(f"k{i}: v\n" for i in range(130_000)),
}


def shape(node: YNode | None, seen: dict[int, int] | None = None) -> object:
    """Everything yamlpos says about a node and what is under it, positions included; a node
    met again (an alias) as a reference to where it was first met."""
    if node is None:
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("same as", seen[id(node)])
    seen[id(node)] = len(seen)
    head = (node.kind, node.line, node.column, node.tag)
    if isinstance(node, YScalar):
        return (*head, repr(node.value), node.source, node.quoted)
    if isinstance(node, YSeq):
        return (*head, [shape(item, seen) for item in node.items])
    assert isinstance(node, YMap)
    return (*head, [(shape(key, seen), shape(value, seen)) for key, value in node.pairs])


Composed = tuple[object, list[Finding]]
"""A document's root shape and findings."""


def both_ways(text: str) -> tuple[Composed, Composed]:
    """(root shape, findings) composed by PyYAML's composer, then by libyaml's."""
    root, findings = compose(text, use_libyaml=False)
    fast_root, fast_findings = compose(text, use_libyaml=True)
    return (shape(root), findings), (shape(fast_root), fast_findings)


@needs_libyaml
@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(path.parents[1])))
def test_every_test_file_composes_the_same_and_validates_the_same(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    python, libyaml = both_ways(text)
    assert libyaml == python
    composed, _node = compose_with_libyaml(text)
    broken = "syntax" in path.name  # the one file that is not YAML
    assert composed is not broken
    findings = validate_text(text)
    with monkeypatch.context() as patched:  # the validator, over PyYAML's composer only
        patched.setattr(yamlpos, "compose_document", lambda text, **_: compose_bounded(text))
        assert validate_text(text) == findings


@needs_libyaml
@pytest.mark.parametrize("name", COMPOSED)
def test_documents_within_the_bounds_are_composed_by_libyaml_the_same(name: str) -> None:
    text = COMPOSED[name]
    composed, _node = compose_with_libyaml(text)
    assert composed, f"libyaml did not compose {name!r}"
    python, libyaml = both_ways(text)
    assert libyaml == python


@needs_libyaml
@pytest.mark.parametrize("name", REFUSED)
def test_documents_refused_or_broken_give_the_same_findings(name: str) -> None:
    text = REFUSED[name]
    composed, node = compose_with_libyaml(text)
    assert (composed, node) == (False, None)
    python, libyaml = both_ways(text)
    assert python[0] is None and python[1]  # refused: no root, and findings saying why
    assert libyaml == python


@needs_libyaml
def test_a_10000_party_cluster_validates_the_same_both_ways(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = party_list(10_000)
    findings = validate_text(text)
    monkeypatch.setattr(yamlpos, "compose_document", lambda text, **_: compose_bounded(text))
    assert validate_text(text) == findings
