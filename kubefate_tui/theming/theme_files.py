"""Read one theme file (YAML) into a `textual.theme.Theme`, naming the file and field on error."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

if TYPE_CHECKING:
    import yaml

    from kubefate_tui.theming.theme_cache import ThemeCache

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
BOOL_FIELDS = ("dark", "ansi")
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
KNOWN_FIELDS = frozenset({"name", "variables", *COLOUR_FIELDS, *BOOL_FIELDS, *NUMBER_FIELDS})
THEME_SUFFIXES = (".yaml", ".yml")


class ThemeFileError(ValueError):
    """A theme file cannot be used; the message is `<file>: <field>: <problem>`."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        self.path = Path(path)
        self.field = field
        self.problem = problem
        where = f"{path}: {field}" if field else str(path)
        super().__init__(f"{where}: {problem}")


def load_theme_file(path: Path, cache: ThemeCache | None = None) -> Theme:
    """The theme in `path`; `ThemeFileError` (never another exception) if it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(path, "", f"cannot be read ({error})") from None
    return parse_theme_text(text, path, default_name=path.stem, cache=cache)


def parse_theme_text(
    text: str, source: Path | str, *, default_name: str, cache: ThemeCache | None = None
) -> Theme:
    """The theme described by the YAML `text`; `source` names it in errors. With `cache`, a
    text parsed in an earlier run is not parsed again."""
    data = cache.get(text) if cache is not None else None
    if data is None:
        data = _parse_yaml(text, source)
        if cache is not None:
            cache.put(text, data)
    return theme_from_mapping(data, source, default_name=default_name)


def _parse_yaml(text: str, source: Path | str) -> dict[str, Any]:
    import yaml  # here, not above: a start that finds every theme cached never needs it

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ThemeFileError(source, "", f"not valid YAML ({_first_line(error)})") from None
    if not isinstance(data, dict):
        raise ThemeFileError(source, "", "must be a mapping of theme fields")
    return data


def theme_from_mapping(data: dict[Any, Any], source: Path | str, *, default_name: str) -> Theme:
    """Validate each field of `data` and build the theme."""
    for key in data:
        if key not in KNOWN_FIELDS:
            known = ", ".join(sorted(KNOWN_FIELDS))
            raise ThemeFileError(source, str(key), f"unknown field (known fields: {known})")
    if "primary" not in data:
        raise ThemeFileError(source, "primary", "is required")
    fields: dict[str, Any] = {"name": _name(data.get("name", default_name), source)}
    for key in COLOUR_FIELDS:
        if data.get(key) is not None:
            fields[key] = _colour(data[key], source, key)
    for key in BOOL_FIELDS:
        if key in data:
            fields[key] = _boolean(data[key], source, key)
    for key in NUMBER_FIELDS:
        if key in data:
            fields[key] = _number(data[key], source, key)
    if data.get("variables") is not None:
        fields["variables"] = _variables(data["variables"], source)
    return Theme(**fields)


def _name(value: object, source: Path | str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ThemeFileError(source, "name", "must be a non-empty string")
    return value.strip()


def _colour(value: object, source: Path | str, field: str) -> str:
    text = str(value).strip()
    try:
        Color.parse(text)
    except ColorParseError:
        raise ThemeFileError(source, field, f"{text!r} is not a colour") from None
    return text


def _boolean(value: object, source: Path | str, field: str) -> bool:
    if not isinstance(value, bool):
        raise ThemeFileError(source, field, f"{value!r} is not true or false")
    return value


def _number(value: object, source: Path | str, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThemeFileError(source, field, f"{value!r} is not a number")
    if not 0 <= value <= 1:
        raise ThemeFileError(source, field, f"{value!r} must be between 0 and 1")
    return float(value)


def _variables(value: object, source: Path | str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ThemeFileError(source, "variables", "must be a mapping of variable: value")
    variables: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or isinstance(item, dict | list) or item is None:
            raise ThemeFileError(source, f"variables.{key}", "must be a plain value")
        variables[key] = str(item).lower() if isinstance(item, bool) else str(item)
    return variables


def _first_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split())
