"""Starting a new cluster: pick a preset (each says when to pick it), then the wizard."""

from __future__ import annotations

from pathlib import Path

from kubefate_tui.dialogs.choice_dialog import ChoiceDialog
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


class PresetPicker(ChoiceDialog):
    """The presets, one line each with when to pick it; enter starts, esc cancels."""

    def __init__(self) -> None:
        from backend.presets import PRESETS

        choices = [(preset.name, f"{preset.title}\n  {preset.when}") for preset in PRESETS]
        choices.append(
            (
                FEDERATION,
                "A federation: several parties at once\n  Pick this to plan every party's "
                "cluster.yaml together, routes and ports consistent (federation new).",
            )
        )
        super().__init__(
            "New cluster: start from a preset", choices, "enter starts the wizard · esc cancels"
        )
