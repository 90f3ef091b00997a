"""What the validator says about one place, drawn under it at a height set here: rows of fixed
height keep a step's layout cheap while the user types (no text is measured to lay it out)."""

from __future__ import annotations

from textual.content import Content
from textual.css.scalar import Scalar
from textual.widget import Widget
from textual.widgets import Static

from backend.schema.findings import Finding, errors_in


class FindingMessage(Static):
    """The findings of one place (errors first; warnings when there is no error)."""

    DEFAULT_CSS = """
    FindingMessage { padding-left: 2; height: 0; }
    """

    def __init__(self, owner: Widget, base_height: int) -> None:
        super().__init__("", markup=False, classes="field-message")
        self.owner = owner
        self.base_height = base_height
        """The owner's height without the message."""
        self.shown: tuple[Finding, ...] = ()

    def show(self, findings: list[Finding]) -> None:
        """Show `findings`; nothing is redrawn when they did not change."""
        if tuple(findings) != self.shown:
            self.shown = tuple(findings)
            self.draw()

    def on_resize(self) -> None:
        if self.shown:
            self.draw()

    def draw(self) -> None:
        """Write the message and set its height (and the owner's) to what Textual will wrap."""
        errors = errors_in(self.shown)
        shown = errors or list(self.shown)
        text = "\n".join(f"{f.severity}: {f.message}" for f in shown)
        width = max(20, (self.owner.size.width or 80) - 2)  # the padding
        theme = self.app.current_theme
        content = Content.styled(text, (theme.error if errors else theme.warning) or "")
        lines = len(content.wrap(width)) if text else 0
        self.update(content, layout=False)
        if self.styles.height != Scalar.parse(str(lines)):
            self.styles.height = lines
            self.owner.styles.height = self.base_height + lines

    @property
    def text(self) -> str:
        """The message as shown ("" when none)."""
        return str(self.render())
