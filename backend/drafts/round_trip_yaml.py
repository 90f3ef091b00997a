"""ruamel.yaml set up to give back a file as its author wrote it: comments, key order, quotes,
and the author's way of indenting lists. PyYAML cannot: it drops every comment."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from ruamel.yaml import YAML

_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^( *)- ")
WIDTH = 4096
"""Long values stay on one line, as written."""


def list_offset(text: str) -> int:
    """How far the author indents `- item` under its key (0 or 2 in KubeFATE's files): the
    most common offset, so one odd list does not restyle the others."""
    offsets: Counter[int] = Counter()
    parent: int | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = _KEY_LINE.match(line)
        item = _ITEM_LINE.match(line)
        if item and parent is not None:
            offsets[len(item.group(1)) - parent] += 1
            parent = None
        elif key:
            parent = len(key.group(1))
        else:
            parent = None
    common = offsets.most_common(1)
    return common[0][0] if common and common[0][0] in (0, 2) else 2


def round_trip_yaml(text: str = "") -> YAML:
    """A round-trip YAML reader/writer that indents lists as `text` does."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    offset = list_offset(text) if text else 2
    yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
    return yaml


def dump_text(yaml: YAML, data: Any) -> str:
    """The document as text."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
