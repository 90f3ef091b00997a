"""What a user typed, as the YAML value its key takes (from the key's schema type).

Range rules (NodePort ranges, DNS labels...) are not checked here: the validator checks the
document afterwards and says so with the same words `validate` prints.
"""

from __future__ import annotations

from backend.schema.model import KeySpec, ValueType

_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


class TypedValueError(ValueError):
    """Typed text that cannot be the key's type; the message says what is expected."""


def typed_value(text: str, value_type: ValueType) -> object:
    """`text` converted to `value_type`; raises TypedValueError naming what was expected.

    An empty text means "no value" (None) for every type but `string`, where it is "".
    """
    stripped = text.strip()
    if value_type == "string":
        return text
    if not stripped:
        return None
    if value_type == "int":
        return _integer(stripped)
    if value_type == "number":
        return _number(stripped)
    if value_type == "bool":
        return _boolean(stripped)
    return _structured(stripped, value_type)


def typed_for(text: str, spec: KeySpec | None) -> object:
    """`typed_value` for a key the schema may not know (unknown keys keep YAML's own typing)."""
    return typed_value(text, spec.type if spec is not None else "any")


def _integer(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise TypedValueError(f"{text!r} is not a whole number") from None


def _number(text: str) -> int | float:
    try:
        return int(text, 10)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise TypedValueError(f"{text!r} is not a number") from None


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise TypedValueError(f"{text!r} is not true or false")


def _structured(text: str, value_type: ValueType) -> object:
    """A list or map typed in YAML's flow form (`[a, b]`, `{k: v}`), or any scalar."""
    import yaml

    from backend.schema.yaml_bounds import load_bounded

    try:
        value = load_bounded(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise TypedValueError(f"{text!r}: {problem}") from None
    if value_type == "list" and not isinstance(value, list):
        raise TypedValueError(f"{text!r} is not a list: write it as [a, b]")
    if value_type == "map" and not isinstance(value, dict):
        raise TypedValueError(f"{text!r} is not a map: write it as {{key: value}}")
    return value
