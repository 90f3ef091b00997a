"""Composing a user's YAML with libyaml's composer, within the bounded loader's bounds.

The bounded loader (yaml_bounds.py) counts while PyYAML's Python composer runs, so it can refuse
a hostile document at the value that crosses a bound; that composer is also most of the cost of
`kubefate-tui validate` on a large file (a 10,000-party route table: ~0.25 s of Python where
libyaml's composer, in C, takes a fifth of it). Here libyaml composes, and the bounds are kept
like this:

* before composing, libyaml parses the text once more without making any Python object
  (`CParser.raw_parse`, a few ms): a document of more events than `max_values` goes to the
  bounded loader, so libyaml never builds more nodes than the bounded loader would;
* libyaml itself stops at 1,000 nested collections (from 0.2.6; older versions are not used),
  so its recursive composer is safe, and the node graph is then walked (64 levels at most) to
  count what the bounded loader counts: values, nesting depth, the expanded size behind every
  alias, aliases inside the value they name;
* whenever libyaml reports an error or the walk finds a bound crossed, the bounded loader
  composes the text again and its refusal or error is the result, at the same line and column
  as ever.

Both composers read libyaml's events, with the same resolver, so they build the same nodes with
the same marks: a document within the bounds is the same graph either way (tests/schema checks
this on every document they use).
"""

from __future__ import annotations

from itertools import chain

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from backend.schema.yaml_bounds import YAML_BOUNDS, YamlBounds, check_text_size, compose_bounded

MIN_LIBYAML = (0, 2, 6)
"""The first libyaml that limits nesting (1,000 levels): its composer is recursive in C."""


def _libyaml_version() -> tuple[int, ...] | None:
    if not yaml.__with_libyaml__:
        return None
    from yaml import _yaml

    return tuple(_yaml.get_version())


LIBYAML_COMPOSER = (_libyaml_version() or (0,)) >= MIN_LIBYAML
"""True when PyYAML has libyaml, recent enough for its composer to be used."""

_STREAM_EVENTS = 4
"""Stream start and end, document start and end: events of a document that are no value."""


def compose_document(text: str, *, use_libyaml: bool = LIBYAML_COMPOSER) -> Node | None:
    """The document's node graph, exactly as `compose_bounded` gives it: the same nodes and
    marks, and the same YamlRefused or yaml.YAMLError for a document it refuses or cannot read
    (None for an empty document). `use_libyaml=False`: PyYAML's composer only."""
    if not use_libyaml:
        return compose_bounded(text)
    if not LIBYAML_COMPOSER:
        raise RuntimeError("libyaml's composer is not available: PyYAML has no libyaml >= 0.2.6")
    check_text_size(text)
    composed, node = compose_with_libyaml(text)
    if not composed:  # libyaml could not, or must not: the bounded loader says why
        return compose_bounded(text)
    return node


def compose_with_libyaml(text: str, bounds: YamlBounds = YAML_BOUNDS) -> tuple[bool, Node | None]:
    """(True, libyaml's node graph, None for an empty document) for a document within `bounds`;
    (False, None) for one that may not be, or that libyaml reports an error in: the bounded
    loader must compose that one. Needs LIBYAML_COMPOSER."""
    from yaml._yaml import CParser
    from yaml.cyaml import CSafeLoader

    try:
        events = CParser(text).raw_parse()
        if events - _STREAM_EVENTS > bounds.max_values:
            return False, None  # maybe too many values: the bounded loader counts as it goes
        loader = CSafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return False, None
    if node is not None and _BoundsWalk(bounds).size(node, 0) is None:
        return False, None
    return True, node


class _BoundsWalk:
    """What the bounded loader counts while composing, counted on a composed graph: a list or
    map met again is an alias use (each event makes a new node, so only aliases share one).

    The totals only grow, so a document crosses a bound while it is composed exactly when they
    end past it; the recursion is at most `max_depth` deep (deeper is out of bounds). A scalar
    met again is walked again: that adds what an alias adds. (An alias of a scalar nested too
    deep is then out of bounds here, where the bounded loader lets it be: that rare document is
    composed by the bounded loader, which is never wrong.)
    """

    def __init__(self, bounds: YamlBounds) -> None:
        self.bounds = bounds
        self.values = 0
        self.sizes: dict[int, tuple[int, int]] = {}  # id(node) -> its expanded size, once walked
        self.open: set[int] = set()  # collections being walked (an alias to one is inside it)

    def size(self, node: Node, depth: int) -> tuple[int, int] | None:
        """The expanded size of `node` (values, characters of scalar text); None as soon as
        anything crosses a bound."""
        bounds = self.bounds
        self.values += 1
        if self.values > bounds.max_values or depth >= bounds.max_depth:
            return None
        if isinstance(node, ScalarNode):
            chars = len(node.value)
            return (1, chars) if chars <= bounds.max_expanded_chars else None
        key = id(node)
        known = self.sizes.get(key)
        if known is not None:  # an alias: it adds what it names
            return known
        if key in self.open:  # an alias inside the value it names
            return None
        self.open.add(key)
        values, chars = 1, 0
        children = chain.from_iterable(node.value) if isinstance(node, MappingNode) else node.value
        for child in children:  # a mapping's key, then its value, in document order
            grown = self.size(child, depth + 1)
            if grown is None:
                return None
            values, chars = values + grown[0], chars + grown[1]
            if values > bounds.max_expanded_values or chars > bounds.max_expanded_chars:
                return None
        self.open.discard(key)
        self.sizes[key] = (values, chars)
        return values, chars
