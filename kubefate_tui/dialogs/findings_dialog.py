"""The findings of a cluster.yaml check, one line each: `line:col severity code message [path]`."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from backend.schema.findings import Finding
from kubefate_tui.dialogs.dialog_screen import DialogScreen


def finding_text(finding: Finding) -> str:
    """`12:3 error type expected true or false, got "yes" [persistence]`: the path last, in
    brackets as `validate` prints it (messages often begin with the key, which would read
    twice beside it)."""
    parts = [f"{finding.line}:{finding.column}", finding.severity, finding.code, finding.message]
    if finding.path:
        parts.append(f"[{finding.path}]")
    return " ".join(parts)


def count_text(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning`, `3 warnings` (a count of none is left out; `no findings`)."""
    errors = sum(1 for finding in findings if finding.is_error)
    counts = ((errors, "error"), (len(findings) - errors, "warning"))
    parts = [f"{count} {word}{'' if count == 1 else 's'}" for count, word in counts if count]
    return ", ".join(parts) or "no findings"


class FindingsDialog(DialogScreen[bool]):
    """List findings, then either only close (`proceed_label` None) or ask to go on anyway.

    True only when the user presses the proceed button; Cancel is focused.
    """

    DEFAULT_CSS = """
    FindingsDialog #dialog { width: 110; }
    FindingsDialog #findings { height: auto; max-height: 20; margin: 1 0; }
    FindingsDialog .finding-error { color: $text-error; }
    FindingsDialog .finding-warning { color: $text-warning; }
    FindingsDialog .findings-note { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        findings: Sequence[Finding],
        *,
        notes: Sequence[str] = (),
        proceed_label: str | None = None,
    ) -> None:
        super().__init__(cancel_result=False)
        self.title_text = title
        self.findings = tuple(findings)
        self.notes = tuple(notes)
        self.proceed_label = proceed_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = "esc closes"
            with VerticalScroll(id="findings"):
                for finding in self.findings:
                    yield Static(
                        Text(finding_text(finding)),
                        classes=f"finding finding-{finding.severity}",
                    )
            for note in self.notes:
                yield Static(note, classes="findings-note", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel" if self.proceed_label else "Close", id="cancel")
                if self.proceed_label:
                    yield Button(self.proceed_label, variant="warning", id="proceed")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @property
    def lines(self) -> list[str]:
        """The findings as shown, one line each."""
        return [finding_text(finding) for finding in self.findings]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "proceed")
