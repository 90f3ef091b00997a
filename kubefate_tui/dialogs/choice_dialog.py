"""Pick one of a few things: a list of choices, each a line or two saying what it is; enter
picks, esc cancels (None)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kubefate_tui.dialogs.dialog_screen import DialogScreen


class ChoiceDialog(DialogScreen[str | None]):
    """`choices` are (id, text) pairs; the dialog dismisses with the id picked, or None."""

    DEFAULT_CSS = """
    ChoiceDialog #dialog { width: 100; padding: 0 1; }
    ChoiceDialog OptionList { height: auto; max-height: 20; }
    """

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        hint: str = "enter picks · esc cancels",
    ) -> None:
        super().__init__(cancel_result=None)
        self.title_text = title
        self.choices = tuple(choices)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            frame.border_subtitle = self.hint  # on the frame: never scrolled or cut off
            yield OptionList(
                *[Option(text, id=choice) for choice, text in self.choices], id="choice-list"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
