"""The order a list is shown in: as the backend lists it, or by one column, either way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from kubefate_tui.listing.column_spec import Listing, RowContext
from kubefate_tui.listing.table_row import TableRow

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SortOrder:
    """`column` None: the backend's order (reversed when `descending`); else that column's."""

    column: int | None = None
    descending: bool = False

    def next_column(self, count: int) -> SortOrder:
        """The next column of `count`, ascending; after the last, the backend's order."""
        if self.column is None:
            return SortOrder(0)
        following = self.column + 1
        return SortOrder(following) if following < count else SortOrder()

    def previous_column(self, count: int) -> SortOrder:
        """The column before, ascending; before the first, the backend's order."""
        if self.column is None:
            return SortOrder(count - 1)
        return SortOrder(self.column - 1) if self.column > 0 else SortOrder()

    def inverted(self) -> SortOrder:
        """The same column, the other way."""
        return SortOrder(self.column, not self.descending)

    def describe(self, labels: Sequence[str]) -> str:
        """What the title says: `by NAME ↑`, `by AGE ↓`, `listed order, reversed`, or "" in
        the backend's order."""
        if self.column is None:
            return "listed order, reversed" if self.descending else ""
        arrow = "↓" if self.descending else "↑"
        return f"by {labels[self.column]} {arrow}"

    def apply(
        self, listing: Listing[T], rows: Sequence[TableRow[T]], context: RowContext
    ) -> list[TableRow[T]]:
        """`rows` in this order (stable: rows that compare equal keep the backend's order)."""
        if self.column is None:
            return list(reversed(rows)) if self.descending else list(rows)
        key = listing.sort_key(self.column, context)
        return sorted(rows, key=key, reverse=self.descending)
