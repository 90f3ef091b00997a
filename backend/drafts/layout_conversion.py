"""Converting an old layout: a cluster.yaml written for another line of its chart, rewritten as
the chart it names reads it.

KubeFATE's own v2.0.0 party examples keep the FATE v1 layout (module `rollsite`, a `rollsite:`
section, `federation: Eggroll`) under `chartVersion: v2.0.0`, and the v2 chart deploys no
gateway for them (docs/kubefate-behaviour.md §5.4). What is renamed to what is the schema's
`LegacyAlias` data, the same the validator reports (docs/architecture.md, invariant 2): module
entries, top-level sections (moved whole, so their keys, values and comments come along) and
values of a key. Nothing is guessed: what cannot be converted is left as written and said so.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ruamel.yaml.comments import CommentedMap

from backend.drafts.cluster_draft import ClusterDraft
from backend.schema.model import ChartSchema, LegacyAlias


class LayoutChange(NamedTuple):
    """One place of a layout conversion, in words a user reads.

    `converted` False: the place was left as written; `message` says why and what to do.
    """

    path: str
    """Where it is in the converted document (`osx.partyList`, `modules[0]`, `federation`)."""
    old_path: str
    """Where it was before (`rollsite.partyList`); the same as `path` for a changed value."""
    line: int
    """1-based line in the document as it was read (0 when not known)."""
    message: str
    """Plain words naming the path(s): `modules[0]: rollsite → osx`."""
    converted: bool = True


def convert_layout(draft: ClusterDraft) -> list[LayoutChange]:
    """Rewrite every old-layout place of `draft` (the schema's legacy aliases for the chart it
    names) as that chart reads it; the changes in document order. An empty list: nothing to do,
    and the draft is untouched."""
    schema = draft.schema
    changes = [
        *_convert_modules(draft, schema),
        *_convert_sections(draft, schema),
        *_convert_values(draft, schema),
    ]
    # Places without a line (none today) go last; sub-entries keep their order after a section.
    return sorted(changes, key=lambda change: change.line or 1 << 30)


def preview_layout(draft: ClusterDraft) -> list[LayoutChange]:
    """What `convert_layout` would change, leaving `draft` as it is (the wizard offers the
    conversion when this is not empty)."""
    return convert_layout(ClusterDraft.from_text(draft.text()))


def layout_codes(schema: ChartSchema) -> frozenset[str]:
    """The finding codes the validator gives the places `convert_layout` converts."""
    return frozenset(alias.code for alias in schema.legacy)


# --- modules ------------------------------------------------------------------------------


def _convert_modules(draft: ClusterDraft, schema: ChartSchema) -> list[LayoutChange]:
    aliases = {alias.old: alias for alias in schema.legacy_aliases("module")}
    modules = draft.get("modules")
    if not aliases or not isinstance(modules, list):
        return []
    # Lines first: ruamel keeps the marks of the text as read, by index, and removing an
    # entry shifts the indexes.
    lines = [draft.line_of(f"modules[{index}]") or 0 for index in range(len(modules))]
    listed = {str(entry): index for index, entry in enumerate(modules) if isinstance(entry, str)}
    changes: list[LayoutChange] = []
    doubles: list[int] = []
    for index, entry in enumerate(modules):
        alias = aliases.get(entry) if isinstance(entry, str) else None
        if alias is None:
            continue
        path = f"modules[{index}]"
        other = listed.get(alias.new)
        if other is not None and other != index:
            doubles.append(index)
            message = (
                f"{path}: {alias.old} removed, {alias.new} is listed already (modules[{other}])"
            )
        else:
            draft.set(path, _like(entry, alias.new))
            listed[alias.new] = index
            message = f"{path}: {alias.old} → {alias.new}"
        changes.append(LayoutChange(path, path, lines[index], message))
    for index in reversed(doubles):
        draft.remove(f"modules[{index}]")
    return changes


# --- sections -----------------------------------------------------------------------------


def _convert_sections(draft: ClusterDraft, schema: ChartSchema) -> list[LayoutChange]:
    changes: list[LayoutChange] = []
    for alias in schema.legacy_aliases("section"):
        if draft.has(alias.old):
            changes.extend(_convert_section(draft, schema, alias))
    return changes


def _convert_section(
    draft: ClusterDraft, schema: ChartSchema, alias: LegacyAlias
) -> list[LayoutChange]:
    old, new = alias.old, alias.new
    line = draft.line_of(old) or 0
    if draft.has(new):
        message = (
            f"{old}: left as written: {new}: is written too, and which of their keys to keep "
            f"is yours to say; move what {old}: holds into {new}: and remove {old}:"
        )
        return [LayoutChange(old, old, line, message, converted=False)]
    section = draft.get(old)
    inner = _inner_changes(draft, schema, alias, section)
    draft.rename_key(old, new)
    keys = [str(key) for key in section] if isinstance(section, CommentedMap) else []
    kept = f": {', '.join(keys)} carried over" if keys else ""
    return [LayoutChange(new, old, line, f"{old} → {new} (section renamed{kept})"), *inner]


def _inner_changes(
    draft: ClusterDraft, schema: ChartSchema, alias: LegacyAlias, section: Any
) -> list[LayoutChange]:
    """One entry per list or map the section carries over, and one per key the new section
    does not read (moved as written: the validator goes on reporting it)."""
    if not isinstance(section, CommentedMap):
        return []
    reads = schema.root.children.get(alias.new)
    open_section = reads is None or reads.open or reads.wildcard is not None
    changes: list[LayoutChange] = []
    for key, value in section.items():
        old_path, new_path = f"{alias.old}.{key}", f"{alias.new}.{key}"
        line = draft.line_of(old_path) or 0
        if not open_section and reads is not None and str(key) not in reads.children:
            message = (
                f"{new_path}: kept as written, but the {schema.title} does not read {key} "
                f"under {alias.new}: (remove it, or list it in skippedKeys)"
            )
            changes.append(LayoutChange(new_path, old_path, line, message, converted=False))
        elif isinstance(value, (list, dict)):
            message = f"{old_path} → {new_path} ({_contents(schema, new_path, value)})"
            changes.append(LayoutChange(new_path, old_path, line, message))
    return changes


def _contents(schema: ChartSchema, path: str, value: list[Any] | dict[Any, Any]) -> str:
    """`1 party`, `3 items`, `ip 192.168.0.1, port 30000`: what a moved list or map holds."""
    if isinstance(value, list):
        parties = any(party_list.path == path for party_list in schema.party_lists)
        noun = ("party", "parties") if parties else ("item", "items")
        return f"{len(value)} {noun[0] if len(value) == 1 else noun[1]}"
    if value and all(not isinstance(item, (list, dict)) for item in value.values()):
        return ", ".join(f"{key} {item}" for key, item in value.items())
    return f"{len(value)} {'key' if len(value) == 1 else 'keys'}"


# --- values -------------------------------------------------------------------------------


def _convert_values(draft: ClusterDraft, schema: ChartSchema) -> list[LayoutChange]:
    changes: list[LayoutChange] = []
    for alias in schema.legacy_aliases("value"):
        if "[" in alias.key or "*" in alias.key:
            continue  # a pattern of many places: no chart line has one today
        written = draft.get(alias.key)
        if not isinstance(written, str) or written != alias.old:
            continue
        line = draft.line_of(alias.key) or 0
        draft.set(alias.key, _like(written, alias.new))
        message = f"{alias.key}: {alias.old} → {alias.new}"
        changes.append(LayoutChange(alias.key, alias.key, line, message))
    return changes


def _like(written: object, new: str) -> object:
    """`new` written as `written` was (its quotes: ruamel keeps them as a str subclass)."""
    if type(written) is str or not isinstance(written, str):
        return new
    kind: type[str] = type(written)
    try:
        return kind(new)
    except TypeError:  # a subclass that needs more than the text: plain is fine
        return new
