"""The one loader for a user's cluster.yaml: PyYAML's safe loader, with every size bounded.

A 700-byte document whose aliases expand to 300 MB, 700 nested `[`, a quarter of a million keys:
PyYAML composes any of them, and whoever turns the result into JSON (the API, the store) pays
for the expansion. This loader counts while it composes, so a hostile document is refused as
soon as it crosses a bound, before the memory is spent:

* the text's length, before anything is read;
* nesting depth (PyYAML's composer is recursive: no RecursionError can happen below the bound);
* YAML values composed (every scalar, list, map and alias use);
* the document's size once aliases are expanded, in values and in characters of scalar text,
  exactly: an alias adds its anchor's expanded size, known when the anchor was composed;
* aliases that refer to a node containing them (such YAML has no JSON form);
* numbers JSON cannot carry (`.nan`, `.inf`, overflowing floats), and integers too long to be
  numbers anyone means (Python refuses to read past 4,300 digits; we stop at 100).

The bounds (YAML_BOUNDS) are far above anything a real file needs: KubeFATE's largest example is
under 500 lines, and a 10,000-party route table (~160,000 values) loads. KubeFATE has no such
bounds (docs/kubefate-compatibility.md §6). A refusal is a YamlRefused, a MarkedYAMLError, so
existing YAML error handling applies; its message names the bound and its mark the line.

Events come from libyaml when PyYAML has it (five times faster than the pure-Python parser,
which matters because composing is the costly part: ~4 µs a value instead of ~20); the
composer, resolver and constructors are PyYAML's Python ones either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, BinaryIO, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import Node, ScalarNode
from yaml.resolver import Resolver

try:  # PyYAML built with libyaml (the wheels are); otherwise its pure-Python parser
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _EventParser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


MIB = 1024 * 1024
LIMIT_CODE = "yaml-limit"
NUMBER_CODE = "yaml-number"


@dataclass(frozen=True, slots=True)
class YamlBounds:
    max_chars: int = 8 * MIB
    """Characters of text (the API's body limit already keeps its documents near 3 MiB)."""
    max_depth: int = 64
    """Nested lists and maps (a FATE cluster.yaml is about 6 deep)."""
    max_values: int = 250_000
    """Scalars, lists, maps and alias uses composed."""
    max_expanded_values: int = 1_000_000
    """Values once every alias is replaced by what it names."""
    max_expanded_chars: int = 16 * MIB
    """Characters of scalar text once every alias is replaced by what it names."""
    max_integer_digits: int = 100


YAML_BOUNDS = YamlBounds()


class YamlRefused(yaml.MarkedYAMLError):
    """The document crosses a bound (code `yaml-limit`) or holds a number JSON cannot carry
    (code `yaml-number`). `problem` is the whole message; `problem_mark` where (may be None)."""

    def __init__(self, code: str, message: str, mark: Any) -> None:
        # `mark`: PyYAML's Mark or libyaml's (a different class with the same fields), or None.
        super().__init__(problem=message, problem_mark=mark)
        self.code = code
        self.message = message

    @property
    def line(self) -> int:
        return self.problem_mark.line + 1 if self.problem_mark is not None else 1

    @property
    def column(self) -> int:
        return self.problem_mark.column + 1 if self.problem_mark is not None else 1


def _count(number: int) -> str:
    return f"{number:,}"


def _size(chars: int) -> str:
    return f"{chars / MIB:g} MiB" if chars % MIB == 0 else f"{_count(chars)} characters"


def check_text_size(text: str, bounds: YamlBounds = YAML_BOUNDS) -> None:
    """YamlRefused if the text is longer than the loader accepts."""
    if len(text) > bounds.max_chars:
        raise YamlRefused(
            LIMIT_CODE,
            f"the document is {_count(len(text))} characters long; at most "
            f"{_size(bounds.max_chars)} are read (a cluster.yaml is a few KB)",
            None,
        )


def read_document_bytes(handle: BinaryIO, bounds: YamlBounds = YAML_BOUNDS) -> bytes:
    """A file's bytes, if a document within the bounds could be made of them (UTF-8 takes at
    most 4 bytes a character); a larger file is refused without reading the rest."""
    limit = 4 * bounds.max_chars
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise YamlRefused(
            LIMIT_CODE,
            f"the file is larger than {_size(limit)}; a document of at most "
            f"{_size(bounds.max_chars)} is read (a cluster.yaml is a few KB)",
            None,
        )
    return data


def _checked_int(constructor: SafeConstructor, node: ScalarNode) -> Any:
    digits = sum(char.isalnum() for char in node.value)
    if digits > YAML_BOUNDS.max_integer_digits:
        raise YamlRefused(
            NUMBER_CODE,
            f"a number of {_count(digits)} digits; at most {YAML_BOUNDS.max_integer_digits} "
            "are read (quote it if it is text)",
            node.start_mark,
        )
    return constructor.construct_yaml_int(node)


def _checked_float(constructor: SafeConstructor, node: ScalarNode) -> Any:
    value = constructor.construct_yaml_float(node)
    if not math.isfinite(value):
        raise YamlRefused(
            NUMBER_CODE,
            f"{node.value} is not a finite number: KubeFATE keeps a cluster's spec as JSON, "
            "which has no NaN or infinity; write a number, or quote it to make it text",
            node.start_mark,
        )
    return value


class BoundedSafeLoader(_EventParser, Composer, SafeConstructor, Resolver):
    """`yaml.SafeLoader` with YAML_BOUNDS enforced while composing (see the module's text).

    Use it as any loader: `yaml.load(text, Loader=BoundedSafeLoader)`,
    `yaml.compose(text, Loader=BoundedSafeLoader)`. Text input only.
    """

    bounds = YAML_BOUNDS
    yaml_constructors: ClassVar[dict[Any, Any]] = {
        **SafeConstructor.yaml_constructors,
        "tag:yaml.org,2002:int": _checked_int,
        "tag:yaml.org,2002:float": _checked_float,
    }

    def __init__(self, stream: str) -> None:
        check_text_size(stream, self.bounds)
        _EventParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0
        self._values = 0
        self._expanded_values = 0
        self._expanded_chars = 0
        self._anchored: dict[int, tuple[int, int]] = {}  # id(node) -> its expanded size

    # libyaml's parser brings a composer of its own; the counting one is PyYAML's.
    compose_document = Composer.compose_document
    get_node = Composer.get_node
    check_node = Composer.check_node

    def get_single_node(self) -> Node | None:
        try:
            return Composer.get_single_node(self)
        except yaml.MarkedYAMLError as error:
            # libyaml's scanner, reading ahead, stops at 1,000 nested flow collections before
            # the composer sees depth 64: the same bound, said the same way.
            if isinstance(error, YamlRefused) or "nesting depth" not in str(error.problem):
                raise
            raise self._too_deep(error.problem_mark) from None

    def _too_deep(self, mark: Any) -> YamlRefused:
        return YamlRefused(
            LIMIT_CODE,
            f"the YAML is nested more than {self.bounds.max_depth} levels deep "
            "(a cluster.yaml is a few levels deep)",
            mark,
        )

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event: Any = self.peek_event()  # an Event of PyYAML's or of libyaml's
        mark = event.start_mark
        self._values += 1
        if self._values > self.bounds.max_values:
            raise YamlRefused(
                LIMIT_CODE,
                f"the document has more than {_count(self.bounds.max_values)} YAML values "
                "(a cluster.yaml has a few hundred)",
                mark,
            )
        if isinstance(event, AliasEvent):
            return self._compose_alias(parent, index, mark)
        if self._depth >= self.bounds.max_depth:
            raise self._too_deep(mark)
        start = (self._expanded_values, self._expanded_chars)
        text = len(event.value) if isinstance(event, ScalarEvent) else 0
        self._grow(1, text, mark)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        assert node is not None  # the event was a scalar, a list or a map
        if event.anchor is not None:
            # What this node added to the running totals is exactly its expanded size.
            self._anchored[id(node)] = (
                self._expanded_values - start[0],
                self._expanded_chars - start[1],
            )
        return node

    def _compose_alias(self, parent: Node | None, index: Any, mark: Any) -> Node:
        event: Any = self.peek_event()
        node = super().compose_node(parent, index)
        assert node is not None  # an alias always names a node
        size = self._anchored.get(id(node))
        if size is None:  # its anchor is still being composed: the alias is inside it
            raise YamlRefused(
                LIMIT_CODE,
                f"the alias *{event.anchor} is inside the value it names, so the document never "
                "ends once expanded (and has no JSON form); remove the alias",
                mark,
            )
        self._grow(*size, mark)
        return node

    def _grow(self, values: int, chars: int, mark: Any) -> None:
        """Add to the expanded totals; refuse once they pass their bounds.

        The document's expanded size is the sum over composed nodes of 1 (and their text), plus,
        for each alias use, its anchor's expanded size: so the running totals are exact."""
        self._expanded_values += values
        self._expanded_chars += chars
        if self._expanded_values > self.bounds.max_expanded_values:
            raise YamlRefused(
                LIMIT_CODE,
                "aliases (*name) expand the document to more than "
                f"{_count(self.bounds.max_expanded_values)} values",
                mark,
            )
        if self._expanded_chars > self.bounds.max_expanded_chars:
            raise YamlRefused(
                LIMIT_CODE,
                "aliases (*name) expand the document to more than "
                f"{_size(self.bounds.max_expanded_chars)} of text",
                mark,
            )


def load_bounded(text: str) -> Any:
    """The document's data, as `yaml.safe_load` gives it, within YAML_BOUNDS.

    Raises YamlRefused for a bound, yaml.YAMLError for a syntax error."""
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose_bounded(text: str) -> Node | None:
    """The document's node graph, as `yaml.compose` gives it, within YAML_BOUNDS (None for an
    empty document). Raises as `load_bounded` does."""
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def scalar_constructor(tag: str) -> Any:
    """The loader's constructor for a standard scalar tag (None if it has none): what
    `yamlpos` uses to turn a scalar into its value with the same checks."""
    return BoundedSafeLoader.yaml_constructors.get(tag)
