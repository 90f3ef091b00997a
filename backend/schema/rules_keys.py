"""Key-level rules: required keys, unknown keys, types, allowed values, names.

One walk over the document checks every key against the chart line's key trie. `skippedKeys`
(any depth, like KubeFATE) silences the unknown-key, type and allowed-value findings of that key
and everything under it; the value rules (port ranges, party ids...) still run there, because
they catch real breakage (see rules_network.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.schema.context import Context
from backend.schema.model import KeySpec, SchemaNode
from backend.schema.yamlpos import (
    YMap,
    YNode,
    YScalar,
    YSeq,
    child_path,
    describe,
    item_path,
)

REQUIRED = (
    ("name", 'add "name: <release name>" (lowercase letters, digits and "-", e.g. fate-9999)'),
    ("namespace", 'add "namespace: <namespace>" naming an existing Kubernetes namespace'),
    ("chartName", 'add "chartName: fate" (or fate-serving, fate-exchange, ...)'),
    ("chartVersion", 'add "chartVersion: v2.0.0" (the version of the chart to install)'),
)

_TYPE_WORDS = {
    "string": "text",
    "int": "an integer",
    "bool": "true or false",
    "number": "a number",
    "map": "a map (indented key: value lines)",
    "list": 'a list ("- item" lines)',
    "any": "any value",
}

_EXAMPLES = {
    "node_port": "e.g. 30091",
    "port": "e.g. 9370",
    "party_id": "e.g. 9999",
    "replicas": "e.g. 1",
    "count": "e.g. 2",
}


def _example(spec: KeySpec) -> str:
    if spec.rule in _EXAMPLES:
        return _EXAMPLES[spec.rule]
    return "e.g. 10" if spec.type in ("int", "number") else "true or false"


def what_is(node: YNode) -> str:
    """A short description of a value for messages."""
    if isinstance(node, YMap):
        return "a map"
    if isinstance(node, YSeq):
        return "a list"
    assert isinstance(node, YScalar)
    value = node.value
    if isinstance(value, bool):
        return f"the boolean {node.source}"
    if isinstance(value, int | float):
        return f"the number {node.source}"
    if isinstance(value, str):
        return f"the text {describe(value)}"
    return f"the value {describe(node.source)}"


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The known name `word` was probably meant to be: same letters in another case first,
    then the closest spelling (difflib, imported only when needed)."""
    lowered = word.lower()
    for candidate in candidates:
        if candidate.lower() == lowered:
            return candidate
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


# --- required keys and the chart line -------------------------------------------------------


def check_required(ctx: Context) -> None:
    """name, namespace, chartName, chartVersion must be non-empty text (their format is checked
    by the value rules during the walk)."""
    for key, how in REQUIRED:
        node = ctx.root.get(key)
        if node is None:
            ctx.add("error", "missing-key", key, None, f"{key} is missing: {how}")
        elif isinstance(node, YScalar) and node.value in (None, ""):
            ctx.add("error", "missing-key", key, ctx.root.key_node(key), f"{key} is empty: {how}")


# --- the walk -------------------------------------------------------------------------------


def walk(ctx: Context) -> None:
    """Unknown keys, types, allowed values and value rules, everywhere in the document."""
    _walk_map(ctx, ctx.root, ctx.schema.root, "", False, set(), top=True)


def _walk_map(
    ctx: Context,
    node: YMap,
    snode: SchemaNode,
    path: str,
    skipped: bool,
    visited: set[int],
    top: bool = False,
) -> None:
    if id(node) in visited:  # an alias of a node already checked (or a recursive anchor)
        return
    visited.add(id(node))
    accepts_any = ctx.schema.open_root if top else snode.open
    for text, key, value in node.entries():
        if text is None:
            continue  # a non-text key, reported by the YAML layer
        path_here = child_path(path, text)
        skip_here = skipped or text in ctx.skipped
        child = snode.children.get(text)
        if child is None and top:
            child = _legacy_section(ctx, text, key, path_here)
        if child is None:
            child = snode.wildcard
        if child is None:
            if not skip_here and not accepts_any:
                _unknown_key(ctx, snode, text, key, path_here)
            continue
        _check(ctx, child, key, value, path_here, skip_here, visited)


def _legacy_section(ctx: Context, text: str, key: YNode, path: str) -> SchemaNode | None:
    """A section named after another chart line (`rollsite:` under v2): report it once, then
    check its keys as the replacement's."""
    for alias in ctx.schema.legacy_aliases("section"):
        if alias.old == text:
            ctx.add(alias.severity, alias.code, path, key, alias.message)
            return ctx.schema.root.children.get(alias.new)
    return None


def _unknown_key(ctx: Context, snode: SchemaNode, text: str, key: YNode, path: str) -> None:
    candidates = tuple(snode.children)
    where = (
        ctx.schema.title if snode is ctx.schema.root else f"the {path.rsplit('.', 1)[0]} section"
    )
    message = (
        f"unknown key {describe(text)}: {where} does not read it, so it may be redundant or "
        "misspelled"
    )
    suggestion = closest(text, candidates) if candidates else None
    if suggestion is not None:
        message += f". Did you mean {describe(suggestion)}?"
    else:
        message += "; remove it, or list it in skippedKeys if it is intended"
    ctx.add("warning", "unknown-key", path, key, message)


def _check(
    ctx: Context,
    snode: SchemaNode,
    key: YNode | None,
    value: YNode,
    path: str,
    skipped: bool,
    visited: set[int],
) -> None:
    spec = snode.spec
    if spec is not None:
        if spec.ignored and not skipped and key is not None:
            ctx.add(
                "warning",
                "ignored-key",
                path,
                key,
                f"{path} has no effect. {spec.help}",
            )
        if spec.rule == "party_key" and isinstance(key, YScalar):
            check = ctx.value_checks.get("party_key")
            if check is not None:
                check(ctx, spec, key, path)
        if not _check_type(ctx, spec, value, path, skipped):
            return
        if isinstance(value, YScalar):
            if spec.allowed and not skipped:
                _check_allowed(ctx, spec, value, path)
            if spec.rule is not None and spec.rule != "party_key" and value.value not in (None, ""):
                check = ctx.value_checks.get(spec.rule)
                if check is not None:
                    check(ctx, spec, value, path)
            return
    if isinstance(value, YMap) and snode.has_structure():
        _walk_map(ctx, value, snode, path, skipped, visited)
    elif isinstance(value, YSeq) and snode.item is not None:
        if id(value) in visited:
            return
        visited.add(id(value))
        for index, item in enumerate(value.items):
            _check(ctx, snode.item, None, item, item_path(path, index), skipped, visited)


def _check_type(ctx: Context, spec: KeySpec, node: YNode, path: str, skipped: bool) -> bool:
    """Report a type mismatch; True when the value should be checked further."""
    verdict, reason = type_verdict(spec, node)
    if verdict == "ok":
        return True
    if verdict == "empty":
        return False
    quiet = verdict == "soft" and bool(spec.allowed)  # the allowed-values check will speak
    if not skipped and not quiet:
        ctx.add("warning" if verdict == "soft" else "error", "type", path, node, reason)
    return verdict == "soft"


def type_verdict(spec: KeySpec, node: YNode) -> tuple[str, str]:
    """("ok" | "empty" | "soft" | "bad", message). `empty`: YAML null (or "" for a non-text
    key) on an optional key, which the chart treats as unset. `soft`: a value Helm will still
    render as intended, but fragile (a quoted number)."""
    expected = spec.type
    if expected == "any":
        return "ok", ""
    name = spec.name
    want = _TYPE_WORDS[expected]
    if isinstance(node, YScalar):
        value = node.value
        if value is None:
            return "empty", ""  # a required key left empty is reported by check_required
        if expected == "string":
            if isinstance(value, str):
                return "ok", ""
            if spec.required or isinstance(value, bytes):
                return "bad", f"{name} must be text, not {what_is(node)}; put it in quotes"
            return (
                "soft",
                f"{name} is {what_is(node)} but is read as text; write it in quotes "
                f'("{node.source}") so YAML does not change it',
            )
        if isinstance(value, str) and value == "":
            return "empty", ""
        if expected in ("int", "number"):
            if isinstance(value, bool):
                return "bad", f"{name} must be {want} ({_example(spec)}), not {what_is(node)}"
            if isinstance(value, int):
                return "ok", ""
            if isinstance(value, float):
                if expected == "number" or value.is_integer():
                    return "ok", ""
                return "bad", f"{name} must be a whole number, not {node.source}"
            if isinstance(value, str) and _is_numeral(value, expected == "int"):
                return (
                    "soft",
                    f"{name} is the quoted text {describe(value)}; write it without quotes "
                    f"({value.strip()}) so it is {want}",
                )
            return "bad", f"{name} must be {want} ({_example(spec)}), not {what_is(node)}"
        if expected == "bool":
            if isinstance(value, bool):
                return "ok", ""
            if isinstance(value, str) and value.strip().lower() == "false":
                return (
                    "bad",
                    f'{name} is the text "{value}", which the chart treats as true (any '
                    "non-empty text is true); write false without quotes",
                )
            if isinstance(value, str) and value.strip().lower() == "true":
                return "soft", f'{name} is the text "{value}"; write true without quotes'
            return "bad", f"{name} must be true or false, not {what_is(node)}"
        return "bad", f"{name} must be {want}, not {what_is(node)}"
    if expected == "map" and isinstance(node, YMap):
        return "ok", ""
    if expected == "list" and isinstance(node, YSeq):
        return "ok", ""
    hint = ""
    if expected == "list" and isinstance(node, YMap):
        hint = ' (start each item with "- ")'
    elif expected == "map" and isinstance(node, YSeq):
        hint = ' (remove the "- " in front of the keys)'
    return "bad", f"{name} must be {want}, not {what_is(node)}{hint}"


def _is_numeral(text: str, integer: bool) -> bool:
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body or not body.isascii():
        return False
    if body.isdigit():
        return True
    if integer:
        return False
    whole, dot, fraction = body.partition(".")
    return bool(dot) and (whole.isdigit() or not whole) and (fraction.isdigit() or not fraction)


def _check_allowed(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    value = node.value
    if value in (None, "") or (isinstance(value, str) and value in spec.allowed):
        return
    written = node.source if not isinstance(value, str) else value
    for alias in ctx.schema.legacy_aliases("value"):
        if alias.key == spec.path and alias.old == written:
            ctx.add(alias.severity, alias.code, path, node, alias.message)
            return
    choices = ", ".join(spec.allowed)
    same_case = next((a for a in spec.allowed if a.lower() == written.lower()), None)
    if same_case is not None:
        message = (
            f"{spec.name} {describe(written)} is not valid: values are case-sensitive; write "
            f"{same_case} (allowed: {choices})"
        )
    else:
        message = f"{spec.name} {describe(written)} is not one of {choices}"
        suggestion = closest(written, spec.allowed)
        if suggestion is not None:
            message += f"; did you mean {suggestion}?"
        else:
            message += f"; write one of {choices}"
    ctx.add("error", "enum", path, node, message)


# --- names --------------------------------------------------------------------------------

_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def name_problems(value: str, limit: int, dots: bool = False) -> list[str]:
    """What makes `value` an invalid DNS-1123 label (or subdomain when `dots`)."""
    problems: list[str] = []
    if len(value) > limit:
        problems.append(f"too long: {len(value)} > {limit}")
    if any("A" <= char <= "Z" for char in value):
        problems.append("uppercase letters are not allowed")
    allowed = _LOWER_ALNUM | ({"-", "."} if dots else {"-"})
    bad = sorted({char for char in value if char not in allowed and not "A" <= char <= "Z"})
    if bad:
        shown = ", ".join(describe(char) for char in bad[:5])
        problems.append(f"{shown} {'is' if len(bad) == 1 else 'are'} not allowed")
    if value and value[0] in "-.":
        problems.append("it must start with a letter or digit")
    if value and value[-1] in "-.":
        problems.append("it must end with a letter or digit")
    if dots and ".." in value:
        problems.append('".." is not allowed')
    return problems


@dataclass(frozen=True, slots=True)
class NameRule:
    """A Kubernetes naming rule: what the name is for, its length limit, whether dots go."""

    what: str
    limit: int
    dots: bool = False

    def problem(self, label: str, value: str) -> str | None:
        """Why `value` breaks the rule, as a sentence starting with `label`; None if it does
        not."""
        problems = name_problems(value, self.limit, self.dots)
        if not problems:
            return None
        allowed = "lowercase letters, digits" + (", '-' and '.'" if self.dots else " and '-'")
        return (
            f"{label} {describe(value)} is not a valid {self.what}: {'; '.join(problems)}. "
            f"Use {allowed}, starting and ending with a letter or digit, at most {self.limit} "
            "characters"
        )


RELEASE_NAME = NameRule("Helm release name", 53)
"""A cluster's name: Helm's release-name rule (a DNS-1123 label of at most 53)."""
NAMESPACE_NAME = NameRule("Kubernetes namespace name", 63)
OBJECT_NAME = NameRule("Kubernetes object name", 253, dots=True)


def _name_rule(ctx: Context, spec: KeySpec, node: YScalar, path: str, rule: NameRule) -> None:
    if not isinstance(node.value, str):
        return
    message = rule.problem(spec.name, node.value)
    if message is not None:
        ctx.add("error", "invalid-name", path, node, message)


def check_release_name(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    _name_rule(ctx, spec, node, path, RELEASE_NAME)


def check_dns_label(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    _name_rule(ctx, spec, node, path, NAMESPACE_NAME)


def check_dns_subdomain(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    _name_rule(ctx, spec, node, path, OBJECT_NAME)
