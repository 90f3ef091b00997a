"""One key of the document: its name, an input (a choice when the schema lists the values), and
under it what the validator says about it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Collapsible, Input, Label, Select

from backend.schema.findings import Finding
from backend.schema.model import KeySpec
from kubefate_tui.wizard.finding_message import FindingMessage

BOOL_CHOICES = ("true", "false")


def choices_of(spec: KeySpec) -> tuple[str, ...]:
    """The values a key can only take (none: free text)."""
    if spec.allowed:
        return spec.allowed
    return BOOL_CHOICES if spec.type == "bool" else ()


def help_text(spec: KeySpec) -> str:
    """What the key does, its default and its allowed values: the schema's words."""
    parts = [spec.help]
    if spec.default not in (None, ""):
        parts.append(f"default {_shown(spec.default)}")
    if spec.allowed:
        parts.append("one of " + ", ".join(spec.allowed))
    if spec.type in ("list", "map") or spec.open:
        parts.append("write lists as [a, b] and maps as {key: value}")
    return " · ".join(part for part in parts if part)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldView:
    """What a row shows: the key, its spec, the value as text, how deep it sits."""

    path: str
    label: str
    spec: KeySpec
    text: str
    depth: int = 0
    suggestions: tuple[str, ...] = ()
    """Values to complete from as the user types (namespaces, charts the backend has)."""


class FieldRow(Vertical):
    """A key, its value and its findings."""

    DEFAULT_CSS = """
    FieldRow { height: 1; layout: grid; grid-size: 2; grid-columns: 26 1fr; grid-rows: 1 auto; }
    FieldRow .field-label { padding: 0 1 0 0; text-overflow: ellipsis; text-wrap: nowrap; }
    FieldRow Input, FieldRow Select { width: 1fr; height: 1; }
    FieldRow FindingMessage { column-span: 2; }
    """

    class Edited(Message):
        """The user changed the value of `path` to `text`."""

        def __init__(self, path: str, text: str) -> None:
            super().__init__()
            self.path = path
            self.text = text

    class Focused(Message):
        """A row's input got the focus: its help belongs on screen."""

        def __init__(self, view: FieldView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, view: FieldView) -> None:
        super().__init__(classes="field-row")
        self.view = view
        self._quiet = True  # the value set while composing is not an edit

    @property
    def path(self) -> str:
        return self.view.path

    def compose(self) -> ComposeResult:
        view = self.view
        # One grid row: the label and the input; the message spans both columns below.
        yield Label("  " * view.depth + view.label, classes="field-label", markup=False)
        choices = choices_of(view.spec)
        if choices:
            options = [(choice, choice) for choice in choices]
            if view.text and view.text not in choices:
                options.append((view.text, view.text))
            yield Select(
                options,
                value=view.text if view.text else Select.NULL,
                allow_blank=True,
                prompt="(not set)",
                id="field-input",
                compact=True,
            )
        else:
            suggester = (
                SuggestFromList(view.suggestions, case_sensitive=False)
                if view.suggestions
                else None
            )
            yield Input(
                view.text,
                placeholder=_placeholder(view.spec),
                id="field-input",
                compact=True,
                suggester=suggester,
            )
        yield FindingMessage(self, base_height=1)

    def on_mount(self) -> None:
        self.call_after_refresh(self._listen)

    def _listen(self) -> None:
        self._quiet = False

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self._quiet:
            self.post_message(self.Edited(self.path, event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if not self._quiet:
            value = "" if event.value is Select.NULL else str(event.value)
            self.post_message(self.Edited(self.path, value))

    def on_descendant_focus(self) -> None:
        self.post_message(self.Focused(self.view))

    def show_findings(self, findings: list[Finding]) -> None:
        """Say beside the field what is wrong with it (errors first)."""
        self.query_one(FindingMessage).show(findings)

    @property
    def message_text(self) -> str:
        """The findings shown under the field ("" when none)."""
        return self.query_one(FindingMessage).text

    def offer(self, suggestions: tuple[str, ...]) -> None:
        """Complete from `suggestions` as the user types (a free-text field only)."""
        if suggestions:
            for field in self.query(Input):
                field.suggester = SuggestFromList(suggestions, case_sensitive=False)

    def focus_input(self) -> None:
        """Put the cursor in the field (opening the folded group it is in)."""
        for ancestor in self.ancestors:
            if isinstance(ancestor, Collapsible):
                ancestor.collapsed = False
        self.call_after_refresh(self.query_one("#field-input").focus)


def _placeholder(spec: KeySpec) -> str:
    if spec.default not in (None, ""):
        return f"default {_shown(spec.default)}"
    return {"int": "a number", "list": "[a, b]", "map": "{key: value}"}.get(spec.type, "")
