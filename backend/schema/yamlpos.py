"""YAML with positions: every key and value keeps its 1-based line and column.

The text is composed with PyYAML's SafeLoader (its node graph carries the marks), by libyaml's
composer when PyYAML has it (libyaml_compose.py); scalars are then turned into Python values
with SafeLoader's own constructors, so `yes`, `0x1F`, `~` mean what PyYAML says they mean.
On top of what `yaml.safe_load` gives, this module

* reports duplicate keys in a mapping (PyYAML silently keeps the last one);
* turns syntax errors into findings at PyYAML's line/column instead of exceptions;
* resolves `<<` merge keys like PyYAML does (explicit keys win);
* converts each composed node once, so aliases cost nothing extra: the work is linear in the
  size of the text;
* composes with the bounded loader (yaml_bounds.py), so an alias bomb, absurd nesting, a huge
  document or a number JSON cannot carry is one finding naming the bound and its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backend.schema.findings import Finding
from backend.schema.libyaml_compose import LIBYAML_COMPOSER, compose_document
from backend.schema.yaml_bounds import YamlRefused, scalar_constructor

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
_STANDARD_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    _STANDARD_PREFIX + name for name in ("null", "bool", "int", "float", "binary", "timestamp")
)
_IMPLICIT_TEXT_TAGS = frozenset((MERGE_TAG, _STANDARD_PREFIX + "value"))
"""Tags PyYAML's resolver gives to plain `<<` and `=`: read as text."""
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What ends a line for PyYAML (and libyaml)."""
_QUIET_COLLECTION_TAGS = frozenset(
    (
        MAP_TAG,
        SEQ_TAG,
        _STANDARD_PREFIX + "set",
        _STANDARD_PREFIX + "omap",
        _STANDARD_PREFIX + "pairs",
    )
)


class YNode:
    """A composed YAML node with its position (1-based)."""

    __slots__ = ("column", "line", "tag")

    kind = "node"

    def __init__(self, line: int, column: int, tag: str) -> None:
        self.line = line
        self.column = column
        self.tag = tag


class YScalar(YNode):
    """A scalar; `value` is what PyYAML constructs (str, int, float, bool, None, date...)."""

    __slots__ = ("quoted", "source", "value")

    kind = "scalar"

    def __init__(
        self, line: int, column: int, tag: str, value: object, source: str, quoted: bool
    ) -> None:
        super().__init__(line, column, tag)
        self.value = value
        self.source = source
        """The scalar as written (without quotes)."""
        self.quoted = quoted


class YSeq(YNode):
    __slots__ = ("items",)

    kind = "list"

    def __init__(self, line: int, column: int, tag: str) -> None:
        super().__init__(line, column, tag)
        self.items: list[YNode] = []


class YMap(YNode):
    """A mapping. `pairs` keeps every (key, value) in order, duplicates included; lookups by
    key text return the last one, as YAML loaders do."""

    __slots__ = ("_index", "pairs")

    kind = "map"

    def __init__(self, line: int, column: int, tag: str) -> None:
        super().__init__(line, column, tag)
        self.pairs: list[tuple[YNode, YNode]] = []
        self._index: dict[str, int] = {}

    def _add(self, key: YNode, value: YNode) -> None:
        text = key_text(key)
        if text is not None:
            self._index[text] = len(self.pairs)
        self.pairs.append((key, value))

    def get(self, key: str) -> YNode | None:
        """The value under `key` (key text as KubeFATE sees it: `10000` and `"10000"` match)."""
        at = self._index.get(key)
        return self.pairs[at][1] if at is not None else None

    def key_node(self, key: str) -> YNode | None:
        at = self._index.get(key)
        return self.pairs[at][0] if at is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def entries(self) -> Iterator[tuple[str | None, YNode, YNode]]:
        """(key text or None for a non-scalar key, key node, value node), in order, duplicates
        included."""
        for key, value in self.pairs:
            yield key_text(key), key, value

    def unique_entries(self) -> Iterator[tuple[str, YNode, YNode]]:
        """The entries a YAML loader keeps (the last of duplicates), with scalar keys only."""
        for text, at in self._index.items():
            key, value = self.pairs[at]
            yield text, key, value


def scalar_text(value: object) -> str:
    """A scalar as text, the way KubeFATE's YAML-to-JSON conversion spells map keys."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def key_text(node: YNode) -> str | None:
    if isinstance(node, YScalar):
        return scalar_text(node.value)
    return None


def key_identity(value: object) -> tuple[str, object]:
    """What makes two keys the same key for a YAML loader."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("z", None)
    return ("o", repr(value))


def child_path(parent: str, key: str) -> str:
    """`osx` + `partyList` -> `osx.partyList`; keys that would be ambiguous are quoted."""
    if not key or any(char in key for char in '.[]" ') or not key.isprintable():
        key = '["' + key.replace("\\", "\\\\").replace('"', '\\"') + '"]'
        return parent + key if parent else key
    return f"{parent}.{key}" if parent else key


def item_path(parent: str, index: int) -> str:
    return f"{parent}[{index}]"


def as_written(node: YScalar) -> str:
    """A scalar the way the user wrote it (with quotes if it was quoted)."""
    if node.quoted:
        return '"' + node.source + '"'
    return node.source


def describe(text: str, limit: int = 60) -> str:
    """A user-supplied string, quoted and made safe for a one-line message."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return '"' + text + '"'
    return repr(text)


def line_count(text: str) -> int:
    """Lines as PyYAML counts them (\\n, \\r, \\r\\n, \\x85, \\u2028, \\u2029 end a line)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    breaks += text.count("\x85") + text.count("\u2028") + text.count("\u2029")
    return breaks + 1


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index`, counting lines like PyYAML."""
    head = text[:index]
    line = line_count(head)
    last = max(head.rfind(sep) for sep in ("\n", "\r", "\x85", "\u2028", "\u2029"))
    return line, index - last


class _Converter:
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.memo: dict[int, YNode] = {}
        self.constructor = SafeConstructor()

    def issue(self, severity: str, code: str, node: YNode | Node, path: str, message: str) -> None:
        if isinstance(node, Node):
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            line, column = node.line, node.column
        self.findings.append(
            Finding(
                "error" if severity == "error" else "warning", code, path, line, column, message
            )
        )

    def convert(self, node: Node, path: str) -> YNode:
        known = self.memo.get(id(node))
        if known is not None:
            return known
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, ScalarNode):
            result: YNode = self.scalar(node, path, line, column)
        elif isinstance(node, SequenceNode):
            seq = YSeq(line, column, node.tag)
            self.memo[id(node)] = seq
            self.check_collection_tag(node, path)
            for index, item in enumerate(node.value):
                seq.items.append(self.convert(item, item_path(path, index)))
            result = seq
        else:
            assert isinstance(node, MappingNode)
            mapping = YMap(line, column, node.tag)
            self.memo[id(node)] = mapping
            self.check_collection_tag(node, path)
            self.fill_mapping(mapping, node, path)
            result = mapping
        self.memo[id(node)] = result
        return result

    def check_collection_tag(self, node: Node, path: str) -> None:
        if node.tag not in _QUIET_COLLECTION_TAGS:
            self.issue(
                "warning",
                "yaml-tag",
                node,
                path,
                f"the tag {describe(node.tag)} is ignored by KubeFATE; remove it",
            )

    def scalar(self, node: ScalarNode, path: str, line: int, column: int) -> YScalar:
        tag = node.tag
        quoted = node.style in ("'", '"')
        if tag == STR_TAG:
            return YScalar(line, column, tag, node.value, node.value, quoted)
        constructor = scalar_constructor(tag) if tag in _SCALAR_TAGS else None
        if constructor is None:
            if tag.startswith(_STANDARD_PREFIX) and tag not in _IMPLICIT_TEXT_TAGS:
                self.issue(
                    "error",
                    "yaml-value",
                    node,
                    path,
                    f"{describe(node.value)} cannot be read as !!{tag[len(_STANDARD_PREFIX) :]}; "
                    "fix the value or drop the tag",
                )
            elif not tag.startswith(_STANDARD_PREFIX):
                self.issue(
                    "warning",
                    "yaml-tag",
                    node,
                    path,
                    f"the tag {describe(tag)} is ignored by KubeFATE; the value is read as the "
                    f"text {describe(node.value)}",
                )
            return YScalar(line, column, tag, node.value, node.value, quoted)
        try:
            value = constructor(self.constructor, node)
        except YamlRefused as refused:
            self.issue("error", refused.code, node, path, refused.message)
            value = node.value
        except Exception:
            short = tag[len(_STANDARD_PREFIX) :] if tag.startswith(_STANDARD_PREFIX) else tag
            self.issue(
                "error",
                "yaml-value",
                node,
                path,
                f"{describe(node.value)} cannot be read as !!{short}; "
                "fix the value or drop the tag",
            )
            value = node.value
        return YScalar(line, column, tag, value, node.value, quoted)

    def fill_mapping(self, mapping: YMap, node: MappingNode, path: str) -> None:
        seen: dict[tuple[str, object], YNode] = {}
        merges: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append((key_node, value_node))
                continue
            key = self.convert(key_node, path)
            text = key_text(key)
            if text is None:
                self.issue(
                    "error",
                    "key-type",
                    key,
                    path,
                    "a map or list cannot be used as a key; KubeFATE only accepts text keys",
                )
                value_path = path
            else:
                value_path = child_path(path, text)
                assert isinstance(key, YScalar)
                try:
                    identity = key_identity(key.value)
                    first = seen.get(identity)
                except TypeError:
                    first = None
                    identity = ("o", id(key))
                if first is not None:
                    self.issue(
                        "error",
                        "duplicate-key",
                        key,
                        value_path,
                        f"key {describe(text)} appears twice in the same mapping (lines "
                        f"{first.line} and {key.line}); YAML keeps only the last one. Remove or "
                        "merge one of them",
                    )
                else:
                    seen[identity] = key
            mapping._add(key, self.convert(value_node, value_path))
        for key_node, value_node in merges:
            self.merge(mapping, seen, key_node, value_node, path)

    def merge(
        self,
        mapping: YMap,
        seen: dict[tuple[str, object], YNode],
        key_node: Node,
        value_node: Node,
        path: str,
    ) -> None:
        sources: list[Node]
        if isinstance(value_node, MappingNode):
            sources = [value_node]
        elif isinstance(value_node, SequenceNode) and all(
            isinstance(item, MappingNode) for item in value_node.value
        ):
            sources = list(value_node.value)
        else:
            self.issue(
                "error",
                "yaml-merge",
                key_node,
                path,
                "a merge key (<<) needs a map or a list of maps (e.g. <<: *defaults)",
            )
            return
        for source in sources:
            merged = self.convert(source, path)
            if not isinstance(merged, YMap):
                continue
            for key, value in list(merged.pairs):
                if not isinstance(key, YScalar):
                    continue
                try:
                    identity = key_identity(key.value)
                    if identity in seen:
                        continue
                except TypeError:
                    continue
                seen[identity] = key
                mapping._add(key, value)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 1-based line and column ("" past the end)."""
    lines = _LINE_BREAK.split(text)
    if not 1 <= line <= len(lines) or not 1 <= column <= len(lines[line - 1]):
        return ""
    return lines[line - 1][column - 1]


def _syntax_finding(error: yaml.YAMLError, text: str) -> Finding:
    line, column = 1, 1
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        problem = error.problem or error.context or "invalid YAML"
        context = error.context if error.problem and error.context else ""
        message = f"YAML syntax error: {problem}"
        if context:
            message += f" ({context})"
        lowered = f"{problem} {error.context or ''}".lower()
        if "'\\t'" in problem or "tab" in lowered or _char_at(text, line, column) == "\t":
            message += "; YAML does not allow tabs for indentation, use spaces"
        elif "mapping values are not allowed" in lowered:
            message += "; check the indentation, or quote a value that contains ': '"
        elif "expected a single document" in lowered:
            message = (
                "YAML syntax error: the file holds more than one YAML document (a second '---'); "
                "a cluster.yaml is a single document"
            )
    elif isinstance(error, yaml.reader.ReaderError):
        if isinstance(error.character, int):
            # libyaml counts the position in UTF-8 bytes, PyYAML in characters: find the
            # character itself.
            found = text.find(chr(error.character))
            index = found if found >= 0 else max(0, min(error.position, len(text)))
            line, column = position_of(text, index)
            message = (
                f"YAML syntax error: the character #x{error.character:04x} is not allowed in "
                "YAML text; remove it"
            )
        else:
            message = f"YAML syntax error: {error.reason}"
    else:
        message = f"YAML syntax error: {error}"
    return Finding("error", "yaml-syntax", "", line, column, " ".join(message.split()))


def compose(
    text: str, *, use_libyaml: bool = LIBYAML_COMPOSER
) -> tuple[YNode | None, list[Finding]]:
    """Parse one YAML document. Returns (root or None, findings from the YAML layer).

    Never raises for YAML problems: a syntax error or a crossed bound (YAML_BOUNDS) is a finding
    and no root. `use_libyaml=False` composes with PyYAML's Python composer only (the result is
    the same; libyaml's is faster).
    """
    findings: list[Finding] = []
    try:
        node = compose_document(text, use_libyaml=use_libyaml)
    except YamlRefused as refused:
        findings.append(
            Finding("error", refused.code, "", refused.line, refused.column, refused.message)
        )
        return None, findings
    except yaml.YAMLError as error:
        findings.append(_syntax_finding(error, text))
        return None, findings
    if node is None:
        return None, findings
    root = _Converter(findings).convert(node, "")
    return root, findings


def plain(node: YNode | None, _memo: dict[int, object] | None = None) -> object:
    """The node as plain Python data (dicts, lists, scalars), for callers that want values.
    Shared (aliased) nodes become shared objects; recursive structures stay recursive."""
    if node is None:
        return None
    memo: dict[int, object] = {} if _memo is None else _memo
    known = memo.get(id(node))
    if known is not None:
        return known
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        items: list[object] = []
        memo[id(node)] = items
        items.extend(plain(item, memo) for item in node.items)
        return items
    assert isinstance(node, YMap)
    result: dict[str, object] = {}
    memo[id(node)] = result
    for text, _key, value in node.unique_entries():
        result[text] = plain(value, memo)
    return result
