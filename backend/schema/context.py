"""The state one validation run shares between rule groups: the document, the chart line's
schema, the findings so far, and derived facts (effective modules and engines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from backend.schema.findings import Finding, Severity
from backend.schema.model import ChartSchema, KeySpec, LegacyAlias
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, scalar_text

ValueCheck = Callable[["Context", KeySpec, YScalar, str], None]
"""A value rule: (context, the key's spec, the scalar, its path) -> adds findings."""


class EngineChoice(NamedTuple):
    """The effective value of computing/federation/storage."""

    key: str
    value: str | None
    """The value the chart will use (legacy values translated); None when invalid."""
    node: YNode | None
    """The value as written, None when the key is absent or empty."""
    explicit: bool


class ModuleEntry(NamedTuple):
    written: str
    effective: str
    """`written`, or its replacement when it is a legacy name (rollsite -> osx under v2)."""
    node: YScalar
    alias: LegacyAlias | None


def as_int(node: YNode | None) -> int | None:
    """An integer as the chart will see it: an int, an integral float, or a string of digits."""
    if not isinstance(node, YScalar):
        return None
    value = node.value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isascii() and digits.isdigit():
            return int(text)
    return None


def text_value(node: YNode | None) -> str | None:
    """A non-empty string value, or None."""
    if isinstance(node, YScalar) and isinstance(node.value, str) and node.value:
        return node.value
    return None


class Context:
    def __init__(
        self,
        text: str,
        root: YMap,
        schema: ChartSchema,
        value_checks: dict[str, ValueCheck],
    ) -> None:
        self.text = text
        self.root = root
        self.schema = schema
        self.value_checks = value_checks
        self.findings: list[Finding] = []
        self.skipped: frozenset[str] = self._skipped_keys()
        self._engines: dict[str, EngineChoice] = {}
        self._modules: list[ModuleEntry] | None = None
        self._modules_read = False

    # --- reporting --------------------------------------------------------------------------

    def add(
        self,
        severity: Severity,
        code: str,
        path: str,
        at: YNode | None,
        message: str,
    ) -> None:
        """Record a finding at `at` (1:1 when None)."""
        line, column = (at.line, at.column) if at is not None else (1, 1)
        self.findings.append(Finding(severity, code, path, line, column, message))

    # --- document access ----------------------------------------------------------------------

    def _skipped_keys(self) -> frozenset[str]:
        node = self.root.get("skippedKeys")
        if not isinstance(node, YSeq):
            return frozenset()
        return frozenset(
            item.value
            for item in node.items
            if isinstance(item, YScalar) and isinstance(item.value, str)
        )

    def node_at(self, path: str, root: YNode | None = None) -> tuple[YNode | None, YNode | None]:
        """(key node, value node) at a dotted path of map keys, or (None, None)."""
        node: YNode | None = self.root if root is None else root
        key: YNode | None = None
        for segment in path.split("."):
            if not isinstance(node, YMap):
                return None, None
            key = node.key_node(segment)
            node = node.get(segment)
            if node is None:
                return None, None
        return key, node

    def section_paths(self, path: str) -> list[str]:
        """`path`, plus the same path under a legacy section name (`rollsite.partyList` for
        `osx.partyList` under v2), whose keys are read as the replacement's."""
        paths = [path]
        head, _, rest = path.partition(".")
        for alias in self.schema.legacy_aliases("section"):
            if alias.new == head:
                paths.append(f"{alias.old}.{rest}" if rest else alias.old)
        return paths

    # --- derived facts --------------------------------------------------------------------------

    def module_entries(self) -> list[ModuleEntry] | None:
        """The named entries of `modules` (scalars, as text), None when `modules` is missing or
        not a list."""
        if not self._modules_read:
            self._modules_read = True
            node = self.root.get("modules")
            if isinstance(node, YSeq):
                aliases = {alias.old: alias for alias in self.schema.legacy_aliases("module")}
                entries: list[ModuleEntry] = []
                for item in node.items:
                    if isinstance(item, YScalar) and item.value not in (None, ""):
                        written = scalar_text(item.value)
                        alias = aliases.get(written)
                        effective = alias.new if alias is not None else written
                        entries.append(ModuleEntry(written, effective, item, alias))
                self._modules = entries
        return self._modules

    def module_set(self) -> frozenset[str] | None:
        entries = self.module_entries()
        if entries is None:
            return None
        return frozenset(entry.effective for entry in entries)

    def module_node(self, name: str) -> YScalar | None:
        """The `- name` entry of modules (by effective name)."""
        for entry in self.module_entries() or ():
            if entry.effective == name:
                return entry.node
        return None

    def engine(self, key: str) -> EngineChoice:
        """The effective computing/federation/storage value."""
        known = self._engines.get(key)
        if known is not None:
            return known
        spec = self.schema.engine(key)
        node = self.root.get(key)
        choice: EngineChoice
        if spec is None:
            choice = EngineChoice(key, None, node, node is not None)
        elif node is None or (isinstance(node, YScalar) and node.value in (None, "")):
            choice = EngineChoice(key, spec.default, None, False)
        elif isinstance(node, YScalar) and isinstance(node.value, str):
            value = node.value
            for alias in self.schema.legacy_aliases("value"):
                if alias.key == key and alias.old == value:
                    value = alias.new
            choice = EngineChoice(key, value if value in spec.allowed else None, node, True)
        else:
            choice = EngineChoice(key, None, node, True)
        self._engines[key] = choice
        return choice

    def party_id(self) -> int | None:
        return as_int(self.root.get("partyId"))
