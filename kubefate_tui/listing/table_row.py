"""One row of a list: its key and the text of each cell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: its key (the object's uuid or name) and the text of each cell."""

    key: str
    cells: tuple[str, ...]
