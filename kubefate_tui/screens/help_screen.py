"""The `?` modal: the keys that work where the focus is, with what they do and their ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One action and the keys bound to it; `binding_id` is the name a keymap rebinds it by."""

    keys: str
    description: str
    binding_id: str


def keys_in_effect(app: App[Any], active: Iterable[ActiveBinding]) -> list[KeyHelp]:
    """One entry per binding (its keys joined), in the order Textual resolves them."""
    grouped: dict[tuple[int, str, str], tuple[list[str], Binding]] = {}
    for item in active:
        if item.binding.system:
            continue
        group = (id(item.node), item.binding.action, item.binding.id or "")
        slot = grouped.setdefault(group, ([], item.binding))
        slot[0].append(app.get_key_display(item.binding))
    return [
        KeyHelp(", ".join(keys), binding.description or binding.action, binding.id or "")
        for keys, binding in grouped.values()
    ]


class HelpScreen(ModalScreen[None]):
    """Lists `keys`; esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help {
            width: auto;
            max-width: 90%;
            height: auto;
            max-height: 80%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        #help-table { height: auto; max-height: 100%; width: auto; }
        #help-hint { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")
    ]

    def __init__(self, keys: Sequence[KeyHelp], context: str) -> None:
        super().__init__()
        self.keys = tuple(keys)
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as box:
            box.border_title = f"Keys · {self.context}" if self.context else "Keys"
            table: DataTable[str] = DataTable(id="help-table", cursor_type="row")
            table.add_columns("KEY", "ACTION", "BINDING ID")
            table.add_rows((key.keys, key.description, key.binding_id) for key in self.keys)
            yield table
            yield Static("esc, q or ? closes this", id="help-hint")

    def listed_keys(self) -> list[KeyHelp]:
        """What the modal lists."""
        return list(self.keys)
