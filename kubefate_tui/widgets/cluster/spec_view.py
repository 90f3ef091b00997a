"""The Spec tab of a cluster: its cluster.yaml (`values`) as highlighted YAML with line numbers.

The highlighting follows the console's theme: a dark theme gets a dark Pygments style, a light
one a light style, and the code sits on the panel's own background, so it reads in both.
"""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

DARK_STYLE = "monokai"
LIGHT_STYLE = "friendly"
NO_VALUES = "No values: the cluster was installed without a cluster.yaml document."


class SpecView(VerticalScroll):
    """Shows a YAML document, highlighted for the current theme; scrolls when it is long."""

    FOCUS_NAME = "the spec"

    DEFAULT_CSS = """
    SpecView {
        height: 1fr;
        #spec-text { width: auto; padding: 0 1; }
        &.-empty #spec-text { color: $text-muted; padding: 1 2; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.yaml_text = ""
        """The document shown ("" when there is none)."""
        self._can_draw = False  # set in on_mount (`is_mounted` is still False there)

    def compose(self) -> ComposeResult:
        yield Static("", id="spec-text", markup=False)

    def on_mount(self) -> None:
        self._can_draw = True
        self.watch(self.app, "theme", lambda _theme: self._show_highlighted(), init=False)
        self._show_highlighted()

    def show_yaml(self, text: str) -> None:
        """Show `text` (unchanged text is not drawn again, so the scroll position stays)."""
        if text == self.yaml_text:
            return
        self.yaml_text = text
        self._show_highlighted()

    @property
    def pygments_style(self) -> str:
        """The highlighting style fitting the app's current theme."""
        return DARK_STYLE if self.app.current_theme.dark else LIGHT_STYLE

    def _show_highlighted(self) -> None:
        if not self._can_draw:
            return
        body = self.query_one("#spec-text", Static)
        self.set_class(not self.yaml_text.strip(), "-empty")
        if not self.yaml_text.strip():
            body.update(NO_VALUES)
            return
        body.update(
            Syntax(
                self.yaml_text,
                "yaml",
                theme=self.pygments_style,
                line_numbers=True,
                background_color="default",  # the panel's background, whatever the theme
                word_wrap=False,
            )
        )
