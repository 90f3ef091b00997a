"""Presets: ready cluster.yaml files to start from (`kubefate-tui new`, the wizard).

Each preset is a file in `files/`, shipped as package data, valid as written (no finding from
the validator). `catalog.py` names them, says when to pick each, and reads their text.
"""

from backend.presets.catalog import DEFAULT_PRESET, PRESETS, Preset, UnknownPreset, preset_named

__all__ = ["DEFAULT_PRESET", "PRESETS", "Preset", "UnknownPreset", "preset_named"]
