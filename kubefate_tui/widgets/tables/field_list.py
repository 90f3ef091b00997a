"""Labelled values, one per line (`Status     Running`), as a describe view shows them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

Field = tuple[str, str]
"""A label and its value, both plain text."""


class FieldList(Static):
    """Shows labelled values in two aligned columns; values are never read as markup."""

    DEFAULT_CSS = """
    FieldList {
        height: auto;
        padding: 1 2;
        &.-message { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.fields: tuple[Field, ...] = ()
        self.message = ""

    def show_fields(self, fields: Sequence[Field]) -> None:
        """Replace what is shown with `fields`, top to bottom."""
        self.fields = tuple(fields)
        self.message = ""
        self.remove_class("-message")
        grid = Table.grid(padding=(0, 3))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in self.fields:
            grid.add_row(Text(label), Text(value))
        self.update(grid)

    def show_message(self, text: str) -> None:
        """Say `text` (calmly) instead of any fields."""
        self.fields = ()
        self.message = text
        self.add_class("-message")
        self.update(Text(text))

    def value_of(self, label: str) -> str:
        """The value shown beside `label` ("" when there is no such line)."""
        return dict(self.fields).get(label, "")

    @property
    def text(self) -> str:
        """Every line as `label: value` (what a reader of the panel sees)."""
        if self.message:
            return self.message
        return "\n".join(f"{label}: {value}" for label, value in self.fields)
