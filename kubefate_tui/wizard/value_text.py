"""A document value as one line a user can edit, and back (lists and maps in YAML's flow form)."""

from __future__ import annotations

from typing import Any

import yaml


def value_text(value: Any) -> str:
    """`30091`, `true`, `fate-9999`, `[a, b]`, `{cpu: '2'}`; "" for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return yaml.safe_dump(_plain(value), default_flow_style=True, width=10**6).strip()


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain lists and dicts (safe_dump knows only those)."""
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
