"""`+ add to …` under a list or a route table, with what the validator says about the whole
list (a party missing from a route table, say) under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from backend.schema.findings import Finding
from kubefate_tui.wizard.finding_message import FindingMessage


class AddRow(Vertical):
    """The add button of the list or keyed map at `path`."""

    DEFAULT_CSS = """
    AddRow { height: 1; }
    """

    def __init__(self, path: str, text: str, *, keyed: bool, first_key: str) -> None:
        super().__init__(classes="wizard-add-row")
        self.path = path
        self.text = text
        self.keyed = keyed
        self.first_key = first_key

    def compose(self) -> ComposeResult:
        yield Button(f"+ {self.text}", classes="wizard-add", compact=True)
        yield FindingMessage(self, base_height=1)

    def show_findings(self, findings: list[Finding]) -> None:
        """Show the findings about the list itself (its items' fields show their own)."""
        self.query_one(FindingMessage).show([f for f in findings if f.path == self.path])

    @property
    def message_text(self) -> str:
        return self.query_one(FindingMessage).text
