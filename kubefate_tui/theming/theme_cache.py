"""Parsed theme files, kept as JSON between runs so a start needs no YAML parser.

Importing PyYAML and parsing the shipped themes costs ~20 ms before the console's first frame,
every start, for files that rarely change. The cache maps a theme file's text (by SHA-256) to
the mapping YAML gave for it, so any edit is a miss and is parsed again: nothing can go stale.
Only the entries used in a run are written back, so the file never grows. Reading or writing
it may fail (read-only home, a garbled file): then the themes are simply parsed, as without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ThemeCache:
    """Theme mappings by their file text, loaded from and saved to `path` (None: memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored = self._read(path)
        self._used: dict[str, dict[str, Any]] = {}

    @staticmethod
    def _read(path: Path | None) -> dict[str, Any]:
        if path is None:
            return {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def get(self, text: str) -> dict[str, Any] | None:
        """The mapping stored for `text`, or None."""
        key = text_key(text)
        found = self._stored.get(key)
        if not isinstance(found, dict):
            return None
        self._used[key] = found
        return found

    def put(self, text: str, data: dict[str, Any]) -> None:
        """Keep `data` for `text`, if JSON can hold it exactly (theme values always can)."""
        try:
            same = json.loads(json.dumps(data)) == data
        except (TypeError, ValueError):
            return
        if same:
            self._used[text_key(text)] = data

    def save(self) -> None:
        """Write the entries used in this run, when they differ from what was read."""
        if self.path is None or self._used == self._stored:
            return
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self._used), encoding="utf-8")
            temporary.replace(self.path)  # atomic: a concurrent start reads old or new
        except OSError:
            with contextlib.suppress(OSError):  # the folder may not even exist
                temporary.unlink()
