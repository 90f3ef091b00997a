"""One row of a list: its key, the text of each cell, and the object it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TableRow(Generic[T]):
    """One row: its key (the object's uuid or name), the text of each cell, and the object
    itself (what a selection or a sort asks about, so nothing reads a cell by position)."""

    key: str
    cells: tuple[str, ...]
    item: T
