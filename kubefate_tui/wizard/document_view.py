"""The review: the findings (enter on one jumps to its field) and the document itself, with
line numbers and YAML highlighting."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backend.schema.findings import Finding
from kubefate_tui.wizard.draft_editor import DraftState


class DocumentView(Vertical):
    """Findings above, the document below."""

    DEFAULT_CSS = """
    DocumentView { height: auto; }
    DocumentView #review-findings { height: auto; max-height: 10; }
    DocumentView #review-summary { height: auto; padding: 1 0 0 0; }
    DocumentView #review-document { height: auto; }
    DocumentView .review-section { height: auto; padding: 1 0 0 0; }
    """

    class FindingChosen(Message):
        """The user picked a finding: show its field."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, state: DraftState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static("", id="review-summary", markup=False)
        yield OptionList(id="review-findings")
        yield Static(
            "Pre-flight: checking…", id="review-preflight", classes="review-section", markup=False
        )
        yield Static(
            "What will be deployed: rendering…",
            id="review-preview",
            classes="review-section",
            markup=False,
        )
        with VerticalScroll(id="review-document", can_focus=False):
            yield Static(id="review-text")

    def on_mount(self) -> None:
        self.show(self.state)

    def show(self, state: DraftState) -> None:
        """Show `state`'s findings and text."""
        self.state = state
        findings = self.query_one("#review-findings", OptionList)
        findings.clear_options()
        for index, finding in enumerate(state.findings):
            findings.add_option(
                Option(
                    f"line {finding.line}: {finding.severity}: {finding.message}"
                    + (f" [{finding.path}]" if finding.path else ""),
                    id=str(index),
                )
            )
        findings.display = bool(state.findings)
        errors, warnings = len(state.errors), len(state.warnings)
        if errors:
            summary = f"{errors} error(s) to fix before saving or installing (enter jumps there)"
        elif warnings:
            summary = f"no errors; {warnings} warning(s) you will be asked to accept"
        else:
            summary = "no findings: ready to save (ctrl+s) or install (ctrl+o)"
        self.query_one("#review-summary", Static).update(summary)
        self.query_one("#review-text", Static).update(
            Syntax(state.text, "yaml", line_numbers=True, word_wrap=False, theme="ansi_dark")
        )

    def show_section(self, section: str, title: str, lines: list[str]) -> None:
        """Fill `section` (`preflight` or `preview`) with `lines` under `title`."""
        self.query_one(f"#review-{section}", Static).update("\n".join([title, *lines]))

    def section_text(self, section: str) -> str:
        """What a section shows now."""
        return str(self.query_one(f"#review-{section}", Static).render())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.FindingChosen(self.state.findings[int(event.option.id)]))
