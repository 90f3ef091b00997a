"""A long text to read (a values-template example...), scrollable, highlighted as YAML."""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.widgets import Static

from kubefate_tui.dialogs.dialog_screen import DialogScreen


class TextView(DialogScreen[None]):
    """Show `text` with line numbers, highlighted as `language`, scrolling both ways;
    `esc` or `q` closes."""

    DEFAULT_CSS = """
    TextView #dialog { width: 95%; height: 90%; padding: 0 1; }
    TextView #text-scroll { height: 1fr; }
    TextView #text-body { width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "cancel", "Close", id="text_view.close"),
    ]

    def __init__(self, title: str, text: str, *, language: str = "yaml") -> None:
        super().__init__(cancel_result=None)
        self.title_text = title
        self.text = text
        self.language = language

    def compose(self) -> ComposeResult:
        # ANSI themes take the terminal's own colours, so every console theme stays readable.
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        syntax = Syntax(
            self.text,
            self.language,
            theme=theme,
            line_numbers=True,
            word_wrap=False,
            background_color="default",
        )
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = f"{len(self.text.splitlines())} lines · esc closes"
            with ScrollableContainer(id="text-scroll"):
                yield Static(syntax, id="text-body")

    def on_mount(self) -> None:
        self.query_one("#text-scroll", ScrollableContainer).focus()
