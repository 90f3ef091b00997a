"""Suggesting the chart the user probably meant: KubeFATE matches name and version exactly (§4.2),
so `2.0.0` does not find `v2.0.0`."""

from __future__ import annotations

from collections.abc import Iterable


def _bare(version: str) -> str:
    return version.strip().lstrip("vV")


def near_miss_hint(name: str, version: str, known: Iterable[tuple[str, str]]) -> str:
    """'; did you mean fate v2.0.0?' when a known chart differs only by a `v` or case; else ''."""
    for known_name, known_version in known:
        same_name = known_name.lower() == name.lower()
        if same_name and _bare(known_version) == _bare(version):
            return f"; did you mean {known_name} {known_version}? (versions match exactly)"
    return ""
