"""A new federation from the console: party ids, an exchange or not, a preset and a folder,
checked as they are typed; planned and written as `kubefate-tui federation new` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from kubefate_tui.dialogs.dialog_screen import DialogScreen


@dataclass(frozen=True, slots=True)
class FederationRequest:
    """What the form asks for."""

    party_ids: tuple[int, ...]
    exchange: bool
    preset: str
    folder: Path


def federation_presets() -> tuple[list[tuple[str, str]], str]:
    """The presets a party can start from (chart fate), as choices, and the default."""
    from backend.presets import DEFAULT_PRESET, PRESETS

    choices = [(p.title, p.name) for p in PRESETS if p.chart_name == "fate"]
    return choices, DEFAULT_PRESET


def party_ids_of(text: str) -> tuple[int, ...] | str:
    """`9999, 10000` as ids, or what is wrong with the text."""
    pieces = [piece.strip() for piece in text.replace(" ", ",").split(",") if piece.strip()]
    if len(pieces) < 2:
        return "write at least two party ids, separated by commas: 9999,10000"
    if not all(piece.isdigit() and 0 < int(piece) < 2**31 for piece in pieces):
        return "party ids are positive whole numbers: 9999,10000"
    ids = tuple(int(piece) for piece in pieces)
    if len(set(ids)) != len(ids):
        return "each party id once"
    return ids


def folder_problem(text: str) -> str | None:
    """Why a folder cannot take a new federation (None: it can)."""
    if not text.strip():
        return "give a folder to write the files into"
    folder = Path(text).expanduser()
    if (folder / "federation.yaml").exists():
        return f"{folder} already holds a federation.yaml: choose a new folder"
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file"
    return None


class FederationForm(DialogScreen["FederationRequest | None"]):
    """The request, once every field is right; None when cancelled."""

    DEFAULT_CSS = """
    FederationForm .form-label { padding-top: 1; }
    """

    def __init__(self, presets: list[tuple[str, str]], default_preset: str) -> None:
        super().__init__(cancel_result=None)
        self.presets = presets
        self.default_preset = default_preset

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = "New federation"
            frame.border_subtitle = "enter on a field moves on · esc cancels"
            yield Static("Party ids (one cluster.yaml each):", classes="form-label")
            yield Input(placeholder="9999,10000", id="federation-parties")
            yield Static("", classes="field-message", id="parties-message", markup=False)
            yield Checkbox("Route through an exchange (fate-exchange)", id="federation-exchange")
            yield Static("Preset of every party:", classes="form-label")
            yield Select(
                self.presets, value=self.default_preset, allow_blank=False, id="federation-preset"
            )
            yield Static("Folder to write into:", classes="form-label")
            yield Input(placeholder="federation", id="federation-folder")
            yield Static("", classes="field-message", id="folder-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Write the files", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#federation-parties", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "federation-parties":
            ids = party_ids_of(event.value) if event.value else ()
            self.show_field_message("parties-message", ids if isinstance(ids, str) else "")
        else:
            problem = folder_problem(event.value) if event.value else None
            self.show_field_message("folder-message", problem or "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "federation-folder":
            self._submit()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        ids = party_ids_of(self.query_one("#federation-parties", Input).value)
        folder_text = self.query_one("#federation-folder", Input).value
        problem = folder_problem(folder_text)
        self.show_field_message("parties-message", ids if isinstance(ids, str) else "")
        self.show_field_message("folder-message", problem or "")
        if isinstance(ids, str) or problem is not None:
            return
        self.dismiss(
            FederationRequest(
                ids,
                self.query_one("#federation-exchange", Checkbox).value,
                str(self.query_one("#federation-preset", Select).value),
                Path(folder_text).expanduser(),
            )
        )
