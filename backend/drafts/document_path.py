"""Concrete document paths, as findings name them: `osx.partyList[1].partyId`."""

from __future__ import annotations

import re

Segment = str | int
"""A map key, or a list index."""

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]|(\.)")


class PathError(ValueError):
    """A path that cannot name a place in a document; the message says which part."""


def parse_path(path: str) -> list[Segment]:
    """`osx.partyList[1].partyId` -> `["osx", "partyList", 1, "partyId"]`.

    Map keys are the text between dots (`pulsar.route_table.10000.host` has the key "10000");
    `[N]` is a list index. Raises PathError for an empty path or a stray bracket.
    """
    if not path:
        raise PathError("the path is empty")
    segments: list[Segment] = []
    position = 0
    expect_key = True
    for match in _PART.finditer(path):
        if match.start() != position:
            raise PathError(f"{path}: cannot read {path[position : match.start() + 1]!r}")
        position = match.end()
        key, index, dot = match.groups()
        if dot:
            if expect_key:
                raise PathError(f"{path}: an empty key before {path[position - 1 :]!r}")
            expect_key = True
        elif index is not None:
            if expect_key:
                raise PathError(f"{path}: [{index}] must follow a key")
            segments.append(int(index))
        else:
            if not expect_key:
                raise PathError(f"{path}: a '.' is missing before {key!r}")
            segments.append(key)
            expect_key = False
    if position != len(path) or expect_key:
        raise PathError(f"{path}: cannot read the end {path[position:]!r}")
    return segments


def format_path(segments: list[Segment]) -> str:
    """The inverse of `parse_path`."""
    text = ""
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text
