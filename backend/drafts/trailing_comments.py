"""Comments after a map or list stay after it when it grows or shrinks at its end.

ruamel.yaml keeps the lines that follow a block (blank lines, the comment that introduces the
next section) as the comment of the block's deepest last value. Appending an item or key puts
the new one after those lines, in the middle of what introduces the next section; removing the
last one drops them. Here they are moved to the new deepest last value; an end-of-line comment
of the old last value stays with that value.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, NamedTuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

Link = tuple[Any, Any]
"""A container and the key (or index) of one of its entries."""


class End(NamedTuple):
    """Where a map or list ended before a change, and the comment kept there then (read
    before the change: removing an entry drops its comments from ruamel's records)."""

    container: Any
    chain: list[Link]
    token: Any


def end_of(container: Any) -> End:
    """`container`'s end as it is now."""
    chain = tail_chain(container)
    return End(container, chain, _comment_of(*chain[-1]) if chain else None)


def tail_chain(node: Any) -> list[Link]:
    """The way from `node` to its deepest last value: (container, last key) at each level."""
    chain: list[Link] = []
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        chain.append((node, key))
        node = node[key]
    return chain


def carry_trailing_comment(before: End) -> None:
    """After `before.container` changed, move the lines that followed its old end to its new
    end."""
    after = tail_chain(before.container)
    token = before.token
    if token is None or not after or _same_place(before.chain[-1], after[-1]):
        return
    line_end, following = _split(token.value)
    new_container, new_key = after[-1]
    existing = _comment_of(new_container, new_key)
    if not following or existing is token:  # (an item before the end went: ruamel moved it)
        return
    if isinstance(new_container[new_key], dict | list):
        # An empty map or list is written `[]`/`{}` after its key, where ruamel cannot put
        # lines after it and still write YAML: the lines go, as they did before this module.
        return
    if existing is not None:  # the new last value's own comment comes first
        existing.value += following
    else:
        moved = copy.copy(token)
        moved.value = "\n" + following if line_end else following
        _set_comment(new_container, new_key, moved)
    old_container, old_key = before.chain[-1]
    if not line_end and all(_holds(link, nxt) for link, nxt in _pairs(before.chain)):
        _set_comment(old_container, old_key, None)
    # What is left is the old last value's own comment: the ends of the enclosing maps and
    # lists, which ended at the same place, find nothing more to move.
    token.value = line_end


def _pairs(chain: list[Link]) -> Iterator[tuple[Link, Link | None]]:
    yield from zip(chain, [*chain[1:], None], strict=True)


def _holds(link: Link, nxt: Link | None) -> bool:
    """Whether `link` is still in place: its key is there, holding the next container."""
    container, key = link
    in_map = isinstance(container, CommentedMap)
    present = key in container if in_map else 0 <= key < len(container)
    return present and (nxt is None or container[key] is nxt[0])


def _same_place(one: Link, other: Link) -> bool:
    return one[0] is other[0] and one[1] == other[1]


def _slot(container: Any) -> int:
    """Where ruamel keeps the comment after a value: [2] for a map key, [0] for a list item."""
    return 2 if isinstance(container, CommentedMap) else 0


def _comment_of(container: Any, key: Any) -> Any:
    entry = container.ca.items.get(key)
    return entry[_slot(container)] if entry else None


def _set_comment(container: Any, key: Any, token: Any) -> None:
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[_slot(container)] = token


def _split(value: str) -> tuple[str, str]:
    """A comment token as (the value's own end-of-line comment, the lines after it)."""
    if value.startswith("#"):
        first, _, rest = value.partition("\n")
        return first + "\n", rest
    return "", value
