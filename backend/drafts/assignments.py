"""`KEY=VALUE` assignments (`kubefate-tui new --set`): a concrete schema path and what to write.

The path must be a key the draft's chart line reads (`osx.partyList[0].partyIp`,
`pulsar.route_table.10000.host`), or lie inside a free-form map of it
(`python.resources.limits.cpu`) or under a name in `skippedKeys`; anything else is refused
naming the closest real keys. The value is typed by the key's schema type. Whether the value
is allowed (ranges, names, engine combinations) is the validator's to say, afterwards, in the
words `validate` prints: a value that is only wrong together with another key must not be
refused before that key is set.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.drafts.document_path import PathError, Segment, format_path, parse_path
from backend.drafts.typed_values import TypedValueError, typed_for
from backend.schema.model import ChartSchema, KeySpec, SchemaNode, split_path

_SUGGESTIONS = 3
_CUTOFF = 0.6
_SOME_PARTY = "10000"
"""What a route table's party key (`*`) reads as in a suggestion the user typed none for."""


class AssignmentError(ValueError):
    """An assignment that cannot be applied; the message starts with the key it names."""


class Assignment(NamedTuple):
    """One applied `KEY=VALUE`: the path and the value written (typed)."""

    path: str
    value: object


def split_assignment(text: str) -> tuple[str, str]:
    """`osx.nodePort=30091` -> (`osx.nodePort`, `30091`): the first `=` splits (values may hold
    more). Raises AssignmentError when there is no `=` or no key before it."""
    key, equals, value = text.partition("=")
    key = key.strip()
    if not equals or not key:
        raise AssignmentError(f"{text}: write KEY=VALUE, e.g. partyId=10000")
    return key, value


def apply_assignment(draft: ClusterDraft, text: str) -> Assignment:
    """Write one `KEY=VALUE` into `draft`, typed by the schema of the chart line it names.

    Raises AssignmentError naming the key: not a path, not a key of the chart line (with the
    closest real keys), a value that is not of the key's type, or a place the document's shape
    does not allow (a list index past the end)."""
    key, value_text = split_assignment(text)
    try:
        segments = parse_path(key)
    except PathError as error:
        raise AssignmentError(str(error)) from None
    path = format_path(segments)
    spec = _known_key(draft, segments)
    try:
        value = typed_for(value_text, spec)
    except TypedValueError as error:
        raise AssignmentError(f"{path}: {error}{_type_hint(spec)}") from None
    try:
        draft.set(path, value)
    except (DraftError, PathError) as error:
        raise AssignmentError(f"{path}: {error}") from None
    return Assignment(path, value)


def apply_assignments(draft: ClusterDraft, texts: list[str]) -> list[Assignment]:
    """`apply_assignment` for each, in order (the same key twice: the last one stays)."""
    return [apply_assignment(draft, text) for text in texts]


def closest_keys(schema: ChartSchema, path: str) -> list[str]:
    """Up to three real key paths of `schema` near `path`, made concrete like `path` (its own
    list indexes and route-table party ids where it has them), closest first."""
    try:
        typed = parse_path(path)
    except PathError:
        typed = []
    candidates = {_concrete(spec.path, typed): None for spec in schema.keys if not spec.ignored}
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(path.lower(), by_lower, n=_SUGGESTIONS, cutoff=_CUTOFF)
    return [by_lower[found] for found in close]


# --- inside -------------------------------------------------------------------------------


def _known_key(draft: ClusterDraft, segments: list[Segment]) -> KeySpec | None:
    """The spec of the path (None: a place the schema leaves free, typed as YAML types it);
    raises AssignmentError for a key the chart line does not read."""
    schema = draft.schema
    skipped = {str(name) for name in draft.get("skippedKeys") or [] if name is not None}
    node: SchemaNode = schema.root
    for depth, segment in enumerate(segments):
        if isinstance(segment, str) and segment in skipped:
            return None
        child = node.item if isinstance(segment, int) else node.child(segment)
        if child is None:
            if node.open or (depth == 0 and schema.open_root):
                return None
            raise AssignmentError(_unknown_message(schema, format_path(segments)))
        node = child
    if node.spec is None and not node.has_structure():
        raise AssignmentError(_unknown_message(schema, format_path(segments)))
    return node.spec


def _unknown_message(schema: ChartSchema, path: str) -> str:
    close = closest_keys(schema, path)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"{path}: not a key of the {schema.title}{hint}"


def _type_hint(spec: KeySpec | None) -> str:
    if spec is None or not spec.allowed:
        return ""
    return f" (one of {', '.join(spec.allowed)})"


def _concrete(pattern: str, typed: list[Segment]) -> str:
    """`osx.partyList[].partyIp` as a path one can write: `[]` takes the typed index at that
    place (else 0), `*` the typed key (else a party id)."""
    segments: list[Segment] = []
    for position, part in enumerate(split_path(pattern)):
        mine = typed[position] if position < len(typed) else None
        if part == "[]":
            segments.append(mine if isinstance(mine, int) else 0)
        elif part == "*":
            segments.append(mine if isinstance(mine, str) else _SOME_PARTY)
        else:
            segments.append(part)
    return format_path(segments)


__all__ = [
    "Assignment",
    "AssignmentError",
    "apply_assignment",
    "apply_assignments",
    "closest_keys",
    "split_assignment",
]
