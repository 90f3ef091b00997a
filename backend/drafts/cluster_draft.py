"""A cluster.yaml being written or edited: changed by path, given back as its author wrote it.

Untouched documents come back byte for byte; a changed one is written by ruamel.yaml, which
keeps comments, key order and quoting (round_trip_yaml.py). Every check is the validator's
(`findings`), so the wizard, `new` and `validate` say the same thing about the same document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from backend.drafts.document_path import PathError, Segment, format_path, parse_path
from backend.drafts.round_trip_yaml import dump_text, round_trip_yaml
from backend.drafts.trailing_comments import End, carry_trailing_comment, end_of

if TYPE_CHECKING:
    from backend.schema.findings import Finding
    from backend.schema.model import ChartSchema, KeySpec

_MISSING = object()


class DraftError(ValueError):
    """A document or change that cannot be used; the message names the line or path."""


class ClusterDraft:
    """One cluster.yaml document, editable by path (`osx.partyList[1].partyId`).

    Build it with `from_text` (in a worker thread for big files: loading is not cheap).
    """

    def __init__(self, text: str, data: CommentedMap) -> None:
        self._original = text
        self._data = data
        self._yaml = round_trip_yaml(text)
        self._text: str | None = text
        self._changed = False
        self._rewritten: str | None = None

    @classmethod
    def from_text(cls, text: str) -> ClusterDraft:
        """The draft of `text`; DraftError says why a text cannot be one (with its line)."""
        _check_bounded(text)
        try:
            data = round_trip_yaml(text).load(text) if text.strip() else CommentedMap()
        except Exception as error:  # ruamel's own errors: YAML the bounded loader accepted
            raise DraftError(f"cannot read the document: {error}") from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise DraftError("the document is not a map of keys (`name: fate-9999` lines)")
        return cls(text, data)

    # --- reading ----------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """Whether anything was changed since the draft was read."""
        return self._changed

    def text(self) -> str:
        """The document's text: as read when unchanged, else as ruamel writes it."""
        if self._text is None:
            self._text = self._written()
        return self._text

    def get(self, path: str, default: object = None) -> Any:
        """The value at `path` (ruamel's types are subclasses of dict, list, str, int)."""
        found = self._find(parse_path(path))
        return default if found is _MISSING else found

    def has(self, path: str) -> bool:
        """Whether `path` is written in the document (an empty value counts)."""
        return self._find(parse_path(path)) is not _MISSING

    def line_of(self, path: str) -> int | None:
        """The 1-based line where `path` is written in the text as read (its key, or its
        `- item`); None for a place the document did not have when it was read."""
        segments = parse_path(path)
        parent = self._find(segments[:-1]) if len(segments) > 1 else self._data
        last = segments[-1]
        try:
            if isinstance(last, int) and isinstance(parent, CommentedSeq):
                line, _column = parent.lc.item(last)
            elif isinstance(last, str) and isinstance(parent, CommentedMap):
                line, _column = parent.lc.key(_key_in(parent, last))
            else:
                return None
        except (KeyError, IndexError, TypeError):  # not in ruamel's marks: added since
            return None
        return int(line) + 1

    @property
    def schema(self) -> ChartSchema:
        """The schema of the chart line the document names (the common keys when unknown)."""
        from backend.schema.catalog import common_schema, schema_for

        name, version = self.get("chartName"), self.get("chartVersion")
        found = schema_for(str(name), str(version)) if name and version else None
        return found if found is not None else common_schema(str(name or ""))

    def spec(self, path: str) -> KeySpec | None:
        """What the schema says about `path` (None for keys it does not know)."""
        return self.schema.resolve(path)

    def findings(self) -> list[Finding]:
        """The validator's findings for the document as it is now."""
        from backend.schema.validator import validate_text

        return validate_text(self.text())

    # --- changing ---------------------------------------------------------------------------

    def set(self, path: str, value: object) -> bool:
        """Write `value` at `path`, making the maps on the way. True if the document changed.

        A list index may name an existing item or the next one (append)."""
        segments = parse_path(path)
        ends = self._ends_on_the_way(segments)
        parent = self._container_for(segments)
        last = segments[-1]
        if _lookup(parent, last) == value and type(_lookup(parent, last)) is type(value):
            return False
        value = _commented(value)
        if isinstance(last, int):
            if last == len(parent):
                parent.append(value)
            else:
                parent[last] = value
        elif _key_in(parent, last) in parent:
            parent[_key_in(parent, last)] = value
        else:
            _insert_key(parent, _key_in(parent, last), value, self._key_order(segments[:-1]))
        _carry_ends(ends)
        self._touched()
        return True

    def remove(self, path: str) -> bool:
        """Delete the key or list item at `path`. True if there was one."""
        segments = parse_path(path)
        parent = self._find(segments[:-1]) if len(segments) > 1 else self._data
        last = segments[-1]
        if _lookup(parent, last) is _MISSING:
            return False
        ends = self._ends_on_the_way(segments)
        del parent[last if isinstance(last, int) else _key_in(parent, last)]
        _carry_ends(ends)
        self._touched()
        return True

    def rename_key(self, path: str, new_name: str) -> bool:
        """Give the key at `path` the name `new_name`, where it stands: its value (with the
        comments inside it) and the comment on its line stay. True if there was such a key;
        DraftError when `new_name` is already a key of the same map."""
        segments = parse_path(path)
        last = segments[-1]
        parent = self._find(segments[:-1]) if len(segments) > 1 else self._data
        if isinstance(last, int) or not isinstance(parent, CommentedMap):
            return False
        key = _key_in(parent, last)
        if key not in parent:
            return False
        if key == new_name:
            return False
        if _key_in(parent, new_name) in parent:
            raise DraftError(f"{format_path([*segments[:-1], new_name])} is already written")
        # A party id keeps the form of the key it replaces (`9999:` stays a number).
        name: str | int = int(new_name) if isinstance(key, int) and new_name.isdigit() else new_name
        position = list(parent).index(key)
        comment = parent.ca.items.pop(key, None)
        value = parent.pop(key)
        parent.insert(position, name, value)
        if comment is not None:
            parent.ca.items[name] = comment
        self._touched()
        return True

    def set_items(self, path: str, items: list[object]) -> bool:
        """Make the list at `path` hold `items`, in that order, keeping the comments of the
        items that stay (a new list is written when there is none). True if it changed."""
        current = self.get(path)
        if not isinstance(current, CommentedSeq):
            return self.set(path, CommentedSeq(items))
        if list(current) == items:
            return False
        trailing = current.ca.items.pop(len(current) - 1, None) if current else None
        for index in reversed(range(len(current))):
            if current[index] not in items:
                del current[index]
        for position, item in enumerate(items):
            if position < len(current) and current[position] == item:
                continue
            if item in current:
                current.pop(list(current).index(item))
            current.insert(position, item)
        if trailing is not None and current:
            # The blank lines and comments after a list belong to its last item in ruamel:
            # they stay after the list whichever item is last now.
            current.ca.items[len(current) - 1] = trailing
        self._touched()
        return True

    # --- inside -----------------------------------------------------------------------------

    def _written(self) -> str:
        """The changed document, with the author's lines where nothing changed (when that
        reads back as the same data: the writer's own text otherwise)."""
        from backend.drafts.layout_keeping import keep_layout
        from backend.schema.yaml_bounds import load_bounded

        changed = dump_text(self._yaml, self._data)
        if self._rewritten is None:
            self._rewritten = dump_text(
                self._yaml, round_trip_yaml(self._original).load(self._original) or CommentedMap()
            )
        merged = keep_layout(self._original, self._rewritten, changed)
        try:
            same = load_bounded(merged) == load_bounded(changed)
        except Exception:  # a merge that does not read back: the writer's text is right
            same = False
        return merged if same else changed

    def _ends_on_the_way(self, segments: list[Segment]) -> list[End]:
        """Each existing map or list on the way to the last segment, with the way to its end
        (where ruamel keeps the lines that follow it) as it is before a change."""
        found: list[End] = []
        node: Any = self._data
        for depth in range(len(segments)):
            if depth:
                node = _lookup(node, segments[depth - 1])
            if not isinstance(node, CommentedMap | CommentedSeq):
                break
            found.append(end_of(node))
        return found

    def _touched(self) -> None:
        self._text = None
        self._changed = True

    def _find(self, segments: list[Segment]) -> Any:
        node: Any = self._data
        for segment in segments:
            node = _lookup(node, segment)
            if node is _MISSING:
                return _MISSING
        return node

    def _container_for(self, segments: list[Segment]) -> Any:
        """The map or list that holds the last segment, made as needed."""
        node: Any = self._data
        for depth, segment in enumerate(segments[:-1]):
            nxt = segments[depth + 1]
            child = _lookup(node, segment)
            if child is _MISSING or child is None:
                child = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
                self._place(node, segment, child, segments[:depth])
            elif isinstance(nxt, int) != isinstance(child, list):
                kind = "a list" if isinstance(child, list) else "not a list"
                raise DraftError(f"{format_path(segments[: depth + 1])} is {kind}")
            node = child
        last = segments[-1]
        if isinstance(last, int) and not 0 <= last <= len(node):
            raise DraftError(f"{format_path(segments)}: the list has {len(node)} items")
        return node

    def _place(self, node: Any, segment: Segment, child: object, above: list[Segment]) -> None:
        if isinstance(segment, int):
            if segment == len(node):
                node.append(child)
            elif 0 <= segment < len(node):
                node[segment] = child
            else:
                raise DraftError(
                    f"{format_path([*above, segment])}: the list has {len(node)} items"
                )
        elif _key_in(node, segment) in node:
            node[_key_in(node, segment)] = child
        else:
            _insert_key(node, _key_in(node, segment), child, self._key_order([*above]))

    def _key_order(self, above: list[Segment]) -> list[str]:
        """The schema's order of the keys directly under `above` (where a new key goes)."""
        prefix = "".join(f"{s}." for s in above if isinstance(s, str))
        depth = len([s for s in above if isinstance(s, str)])
        order: list[str] = []
        for spec in self.schema.keys:
            parts = spec.path.split(".")
            if len(parts) == depth + 1 and spec.path.startswith(prefix):
                order.append(parts[-1])
        return order


def _carry_ends(ends: list[End]) -> None:
    """Keep the lines after each changed map or list after its new end (outermost first: once
    moved, the inner ones have nothing left to move)."""
    for end in ends:
        carry_trailing_comment(end)


def _commented(value: object) -> object:
    """Plain maps and lists as ruamel's own, which can carry the comments that follow them."""
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(_commented(item) for item in value)
    return value


def _lookup(node: Any, segment: Segment) -> Any:
    if isinstance(segment, int):
        if isinstance(node, list) and 0 <= segment < len(node):
            return node[segment]
        return _MISSING
    if isinstance(node, dict):
        key = _key_in(node, segment)
        if key in node:
            return node[key]
    return _MISSING


def _key_in(node: Any, segment: str) -> str | int:
    """The map key a path segment names: route tables are keyed by party ids, which YAML
    reads as numbers (`10000:`), so `route_table.10000` names the number unless a text key
    "10000" is written."""
    if segment in node or not segment.isdigit():
        return segment
    return int(segment)


def _insert_key(node: Any, key: str | int, value: object, order: list[str]) -> None:
    """Add `key` to a map where the schema's order puts it (at the end when it is unknown)."""
    if key in order:
        rank = order.index(key)
        for position, existing in enumerate(node):
            if existing in order and order.index(existing) > rank:
                node.insert(position, key, value)
                return
    node[key] = value


def _check_bounded(text: str) -> None:
    """Refuse what the validator refuses to read (size, aliases, nesting), with its words."""
    import yaml

    from backend.schema.yaml_bounds import YamlRefused, check_text_size, load_bounded

    try:
        check_text_size(text)
        load_bounded(text)
    except YamlRefused as refused:
        raise DraftError(refused.message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise DraftError(f"{where}{problem}") from None


__all__ = ["ClusterDraft", "DraftError", "PathError"]
