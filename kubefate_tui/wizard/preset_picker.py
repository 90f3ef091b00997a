"""Starting a new cluster: pick a preset (each says when to pick it), then the wizard."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kubefate_tui.state.wizard_start import WizardStart

FEDERATION = "federation"
"""The picker's last choice: several parties at once (`federation new`), not one preset."""


def preset_start(name: str, save_path: Path | None = None) -> WizardStart | str:
    """The wizard's start from preset `name`, or what is wrong with the name."""
    from backend.presets import UnknownPreset, preset_named

    try:
        preset = preset_named(name)
    except UnknownPreset as unknown:
        return str(unknown)
    return WizardStart(preset.text(), f"preset {preset.name}", save_path)


class PresetPicker(ModalScreen[str | None]):
    """The presets, one line each with when to pick it; enter starts, esc cancels."""

    DEFAULT_CSS = """
    PresetPicker { align: center middle; }
    PresetPicker #presets { width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    PresetPicker OptionList { height: auto; max-height: 20; }
    PresetPicker #presets-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Cancel", id="presets.cancel")
    ]

    def compose(self) -> ComposeResult:
        from backend.presets import PRESETS

        with Vertical(id="presets") as frame:
            frame.border_title = "New cluster: start from a preset"
            yield OptionList(
                *[Option(f"{preset.title}\n  {preset.when}", id=preset.name) for preset in PRESETS],
                Option(
                    "A federation: several parties at once\n  Pick this to plan every party's "
                    "cluster.yaml together, routes and ports consistent (federation new).",
                    id=FEDERATION,
                ),
                id="preset-list",
            )
            yield Static("enter starts the wizard · esc cancels", id="presets-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
