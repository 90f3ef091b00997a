"""A list's columns as data: label, the value from the model, tone, sort key and width.

Each list (a mode, the cluster detail's jobs) has one `Listing`; its rows are built from it and
nothing reads a cell by position. k9s keeps a render layer like this per resource.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from kubefate_tui.listing.status_tone import CellTone
from kubefate_tui.listing.table_row import TableRow

T = TypeVar("T")

SortKey = Any
"""Whatever orders a column's values (numbers, times, tuples); compared only within a column."""


@dataclass(frozen=True, slots=True)
class RowContext:
    """What a row needs beside its object: the console's clock for ages, and what the list
    read alongside its objects (the names of clusters for the jobs, module health roll-ups)."""

    now: datetime
    cluster_names: Mapping[str, str] = field(default_factory=dict)
    module_health: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ColumnSpec(Generic[T]):
    """One column: `label` heads it, `value` gives a cell's text, `sort_key` orders the rows
    when the list is sorted by it (None: the value's text, numbers in it compared as numbers),
    `tone` colours a cell by its text, `max_width` caps its width."""

    label: str
    value: Callable[[T, RowContext], str]
    sort_key: Callable[[T, RowContext], SortKey] | None = None
    tone: CellTone | None = None
    max_width: int = 48


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """`fate-10000` after `fate-9999`; letters without regard to case."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """How one list shows its objects: the columns, in order, and each object's row key."""

    columns: tuple[ColumnSpec[T], ...]
    key: Callable[[T], str]

    @property
    def labels(self) -> tuple[str, ...]:
        """The column headings, in order."""
        return tuple(column.label for column in self.columns)

    def column(self, label: str) -> int:
        """The position of the column headed `label`."""
        return self.labels.index(label)

    def row(self, item: T, context: RowContext) -> TableRow[T]:
        """`item`'s row: its key, a cell per column and the item."""
        cells = tuple(column.value(item, context) for column in self.columns)
        return TableRow(self.key(item), cells, item)

    def rows(self, items: Sequence[T], context: RowContext) -> list[TableRow[T]]:
        """A row per item, in the items' order."""
        return [self.row(item, context) for item in items]

    def sort_key(self, position: int, context: RowContext) -> Callable[[TableRow[T]], SortKey]:
        """What orders rows by the column at `position`."""
        column = self.columns[position]
        by = column.sort_key
        if by is None:
            return lambda row: natural_key(column.value(row.item, context))
        return lambda row: by(row.item, context)
