"""A screen with the `:` command line (and, for lists, the `/` filter) above its footer.

The keys that open a prompt are priority bindings, run by the app as the key arrives: a plain
binding runs later, from the focused widget's queue, so in a burst (`:jobs⏎` typed fast or
pasted) the letters after `:` reached the list before the prompt had the focus, and were lost or
worse, taken as the list's own keys. While a text field has the focus the same keys are text.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Footer, Input

from kubefate_tui.state.console_host import ConsoleHost, console_host
from kubefate_tui.widgets.bars.bottom_bars import BottomBars
from kubefate_tui.widgets.bars.command_line import CommandLine
from kubefate_tui.widgets.bars.filter_bar import FilterBar

PROMPT_ACTIONS = frozenset({"open_command_line", "open_filter"})
"""Actions that open a prompt: text, not commands, while a text field has the focus."""

COMMAND_LINE_BINDING = Binding(
    "colon", "open_command_line", "Command", key_display=":", priority=True, id="screen.command"
)
FILTER_BINDING = Binding(
    "slash", "open_filter", "Filter", key_display="/", show=False, priority=True, id="screen.filter"
)


class PromptScreen(Screen[None]):
    """A screen whose `:` opens the command line; `bottom_bars()` builds what sits at the
    bottom (the prompts, then the footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [COMMAND_LINE_BINDING]
    HAS_FILTER: ClassVar[bool] = False
    """True when the screen has a `/` filter bar (lists)."""

    @property
    def console(self) -> ConsoleHost:
        """The app, as the console host it is."""
        return console_host(self.app)

    def bottom_bars(self) -> BottomBars:
        """The command line (and the filter bar), then the footer, stacked."""
        console = self.console
        bars: list[Widget] = [
            CommandLine(
                console.command_words,
                history=console.command_history,
                completer=console.complete_command,
            )
        ]
        if self.HAS_FILTER:
            bars.append(FilterBar())
        return BottomBars(*bars, Footer())

    def ensure_bottom_bars(self) -> AwaitMount | None:
        """Mount the bars if they are not yet; await the result before using them."""
        if self.query(BottomBars):
            return None
        return self.mount(self.bottom_bars())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A prompt key typed into a text field is text."""
        if action in PROMPT_ACTIONS and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)

    async def action_open_command_line(self) -> None:
        """Show the `:` prompt with the focus in it before the next key is handled."""
        mounting = self.ensure_bottom_bars()
        if mounting is not None:
            await mounting
        if self.HAS_FILTER:
            self.query_one(FilterBar).display = False
        self.query_one(CommandLine).open()

    async def action_open_filter(self) -> None:
        """Show the `/` prompt (lists only) holding the filter in effect."""
        if not self.HAS_FILTER:
            return
        mounting = self.ensure_bottom_bars()
        if mounting is not None:
            await mounting
        self.query_one(CommandLine).display = False
        self.query_one(FilterBar).open(self.current_filter())

    def current_filter(self) -> str:
        """The filter in effect, shown in the `/` prompt when it opens."""
        return ""
