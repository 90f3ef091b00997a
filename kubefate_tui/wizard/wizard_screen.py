"""The wizard: a cluster.yaml written or edited step by step, checked as it is typed.

The steps come from `step_catalog` (the schema decides what each shows), every change goes
through the `DraftEditor` (off the event loop, one at a time), and every finding is the
validator's, shown beside the field it is about. The review step shows the document and its
findings and saves or installs it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.document_file import (
    DocumentFile,
    NotWritable,
    replace_document,
    write_new_document,
)
from backend.drafts.engine_choice import ENGINE_KEYS
from backend.drafts.own_routes import follow_party_id
from backend.errors import BackendError
from backend.models import ClusterArgs, Job
from backend.schema.findings import Finding
from kubefate_tui.actions.cluster_actions import ClusterActions
from kubefate_tui.actions.cluster_file import ClusterFile, ClusterFileError
from kubefate_tui.actions.selection import SelectedCluster
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.dialogs.findings_dialog import FindingsDialog, count_text
from kubefate_tui.dialogs.prompt_dialog import PromptDialog
from kubefate_tui.screens.prompt_screen import PromptScreen
from kubefate_tui.state.wizard_start import WizardStart
from kubefate_tui.wizard.add_row import AddRow
from kubefate_tui.wizard.document_view import DocumentView
from kubefate_tui.wizard.draft_editor import DraftEditor, DraftState, state_of
from kubefate_tui.wizard.draft_edits import (
    ENGINE_NOTE,
    apply_typed,
    new_file_problem,
    party_key_problem,
    step_view,
)
from kubefate_tui.wizard.engine_options import engine_choices
from kubefate_tui.wizard.field_row import FieldRow, FieldView, help_text
from kubefate_tui.wizard.finding_places import covers, findings_for, step_counts
from kubefate_tui.wizard.module_choices import module_selections
from kubefate_tui.wizard.module_group import ModuleGroup
from kubefate_tui.wizard.review_checks import review_sections
from kubefate_tui.wizard.step_catalog import (
    STEPS,
    AddItem,
    Entry,
    Field,
    Heading,
    step_for_path,
)

WIZARD_BINDINGS: list[BindingType] = [
    Binding("ctrl+n", "next_step", "Next step", id="wizard.next"),
    Binding("ctrl+b", "previous_step", "Previous step", id="wizard.previous"),
    Binding("ctrl+s", "save", "Save", priority=True, id="wizard.save"),
    Binding("ctrl+o", "install", "Install", id="wizard.install"),
    Binding("escape", "leave", "Leave", id="wizard.leave"),
    Binding("f1", "app.help", "Keys", id="wizard.help"),
]


class WizardScreen(ClusterActions, PromptScreen):
    """Write or edit one cluster.yaml; `start` says with what, and where it is saved."""

    DEFAULT_CSS = """
    WizardScreen #wizard-title { height: 1; padding: 0 1; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis; }
    WizardScreen #wizard-main { height: 1fr; }
    WizardScreen #wizard-steps { width: 22; height: 1fr; }
    WizardScreen #wizard-pane { width: 1fr; height: 1fr; }
    WizardScreen #wizard-purpose { height: auto; padding: 0 1; color: $text-muted; }
    WizardScreen #wizard-body { height: 1fr; padding: 0 1; }
    WizardScreen #wizard-help { height: 3; padding: 0 1; color: $text-muted;
        border-top: solid $panel; }
    WizardScreen #wizard-status { height: 1; padding: 0 1; }
    WizardScreen .wizard-heading { padding-top: 1; text-style: bold; }
    WizardScreen .wizard-item { height: auto; }
    WizardScreen .wizard-item Button, WizardScreen .wizard-add { min-width: 10; height: 1;
        border: none; margin: 0 0 0 2; }
    WizardScreen .wizard-note { color: $text-muted; height: auto; }
    WizardScreen #wizard-modules { height: auto; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*PromptScreen.BINDINGS, *WIZARD_BINDINGS]
    CHANGE_ACTIONS: ClassVar[dict[str, str]] = {
        "install_cluster": "install cluster",
        "update_cluster": "update cluster",
    }

    def __init__(self, start: WizardStart, draft: ClusterDraft, *, note: str = "") -> None:
        super().__init__()
        self.start = start
        self.editor = DraftEditor(draft)
        self.state: DraftState = state_of(draft)
        self.step = "basics"
        self.drawn_step: str | None = None
        """The step whose fields are drawn and focused (None while a step is being drawn)."""
        self._pending: dict[str, str] = {}
        self._draining = False
        self._steps_shown: list[str] = []
        self._note = note
        """Said above the fields of the step shown next (what a conversion or engine choice did)."""
        self._texts: dict[str, str] = {}
        self._refused: dict[str, str] = {}
        """path -> why what was typed there could not be written (not a number...)."""
        self._basics_party: object = None
        """partyId when Basics was last entered (own route entries follow a change)."""
        self._suggestions: dict[str, tuple[str, ...]] = {}
        self.findings_shown = 0
        """How many times findings were drawn (each change shows them once)."""
        self._step_labels: tuple[list[tuple[str, bool]], int] | None = None

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="wizard-title", markup=False)
        with Horizontal(id="wizard-main"):
            yield OptionList(id="wizard-steps")
            with Vertical(id="wizard-pane"):
                yield Static("", id="wizard-purpose", markup=False)
                yield VerticalScroll(id="wizard-body")
                yield Static("", id="wizard-help", markup=False)
        yield Static("", id="wizard-status", markup=False)
        yield self.bottom_bars()

    def _title(self) -> str:
        what = "Update" if self.start.updates else "New cluster"
        saved = f" · ctrl+s saves {self.start.save_path.name}" if self.start.save_path else ""
        return f"Wizard · {what} · from {self.start.source}{saved}"

    async def on_mount(self) -> None:
        self.query_one("#wizard-steps", OptionList).border_title = "Steps"
        self._basics_party = await self.editor.read(lambda d: d.get("partyId"))
        await self.show_step(self.step)
        self.run_worker(self._read_suggestions(), group="wizard-suggestions", exit_on_error=False)

    async def _read_suggestions(self) -> None:
        """The namespaces and charts the backend has, offered as the basics are typed."""
        backend = self.console.backend
        try:
            namespaces = [namespace.name for namespace in await backend.list_namespaces()]
        except BackendError:
            namespaces = []
        try:
            charts = await backend.list_charts()
        except BackendError:
            charts = []
        self._suggestions = {
            "namespace": tuple(sorted(namespaces)),
            "chartName": tuple(sorted({chart.name for chart in charts})),
            "chartVersion": tuple(sorted({chart.version for chart in charts}, reverse=True)),
        }
        for row in self.query(FieldRow):  # the rows drawn before the lists came
            row.offer(self._suggestions.get(row.path, ()))

    def selected_cluster(self) -> SelectedCluster | None:
        return None

    # --- steps -----------------------------------------------------------------------------

    async def show_step(self, step_id: str, focus_path: str | None = None) -> None:
        """Draw step `step_id` (its fields as the draft is now), the focus on `focus_path`."""
        if self.step == "basics" and step_id != "basics":
            await self._follow_party_id()
        self.step, self.drawn_step = step_id, None
        self._refused.clear()  # the fields are drawn again from the document
        entries, texts, applicable = await self.editor.read(lambda draft: step_view(draft, step_id))
        self._texts = texts
        self._steps_shown = [s.id for s, ok in zip(STEPS, applicable, strict=True) if ok]
        self._draw_step_list()
        step = next(s for s in STEPS if s.id == step_id)
        self.query_one("#wizard-purpose", Static).update(f"{step.title}: {step.purpose}")
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        widgets = await self._step_widgets(step_id, entries)
        await body.mount_all(widgets)
        self._show_findings()
        self._focus_in_body(focus_path)
        self.drawn_step = step_id

    async def _follow_party_id(self) -> None:
        """A party id changed on Basics: this party's own route-table entries follow it."""
        old, new = self._basics_party, await self.editor.read(lambda d: d.get("partyId"))
        self._basics_party = new
        if not (isinstance(old, int) and isinstance(new, int)) or old == new:
            return
        moved, self.state = await self.editor.change(lambda d: follow_party_id(d, old, new))
        if moved:
            self._note = f"partyId is now {new}; this party's own route entries moved: " + (
                "; ".join(moved)
            )

    async def _step_widgets(self, step_id: str, entries: list[Entry]) -> list[Widget]:
        if step_id == "modules":
            selections = await self.editor.read(module_selections)
            return [
                Static(
                    "space: select · the engines decide the modules marked needed",
                    classes="wizard-note",
                ),
                SelectionList[str](
                    *[
                        Selection(choice.label, choice.name, choice.selected, disabled=choice.fixed)
                        for choice in selections
                    ],
                    id="wizard-modules",
                ),
            ]
        if step_id == "review":
            self.run_worker(self._check_cluster(), group="wizard-review", exclusive=True)
            return [DocumentView(self.state, id="wizard-review")]
        widgets: list[Widget] = []
        if self._note:
            widgets.append(Static(self._note, classes="wizard-note", markup=False))
        choices = await self.editor.read(engine_choices) if step_id == "engines" else {}
        group: ModuleGroup | None = None
        for entry in entries:
            if isinstance(entry, Heading) and not entry.path and not entry.removable:
                # A module's keys fold under its name: a long step lays out only what is open.
                group = ModuleGroup(entry.text, entry.help, expanded=group is None)
                widgets.append(group)
            elif group is not None:
                group.add(self._entry_widget(entry, choices))
            else:
                widgets.append(self._entry_widget(entry, choices))
        for found in widgets:
            if isinstance(found, ModuleGroup) and self._has_findings(found.paths()):
                found.expanded = True
        return widgets

    def _has_findings(self, paths: list[str]) -> bool:
        return any(covers(path, finding.path) for finding in self.state.findings for path in paths)

    def _entry_widget(self, entry: Entry, choices: dict[str, tuple[str, ...]]) -> Widget:
        if isinstance(entry, Field):
            spec = entry.spec
            if entry.path in choices:
                spec = replace(spec, allowed=choices[entry.path])
            text = self._texts.get(entry.path, "")
            label = entry.path.rsplit(".", 1)[-1] if entry.depth else entry.path
            suggestions = self._suggestions.get(entry.path, ())
            return FieldRow(FieldView(entry.path, label, spec, text, entry.depth, suggestions))
        if isinstance(entry, AddItem):
            return AddRow(entry.path, entry.text, keyed=entry.keyed, first_key=entry.first_key)
        text = "  " * entry.depth + entry.text
        if not entry.removable:
            return Static(
                f"{text}  {entry.help}" if entry.help else text,
                classes="wizard-heading",
                markup=False,
            )
        row = Horizontal(
            Static(text, markup=False),
            Button("- remove", name=entry.path, compact=True),
            classes="wizard-item",
        )
        return row

    def _draw_step_list(self) -> None:
        counts = step_counts(self.state.findings, self.state.places)
        labels = []
        for number, step in enumerate(STEPS, start=1):
            errors, warnings = counts.get(step.id, (0, 0))
            mark = f" ✗{errors}" if errors else (f" !{warnings}" if warnings else "")
            skipped = step.id not in self._steps_shown
            labels.append(
                (f"{number} {step.title}{mark}" + (" (not needed)" if skipped else ""), skipped)
            )
        current = STEPS.index(next(s for s in STEPS if s.id == self.step))
        if (labels, current) == self._step_labels:
            return  # redrawing the list on every key press would restyle it for nothing
        previous, self._step_labels = self._step_labels, (labels, current)
        steps = self.query_one("#wizard-steps", OptionList)
        if previous is not None and [p[1] for p in previous[0]] == [p[1] for p in labels]:
            for index, (label, _) in enumerate(labels):  # only the marks changed
                if label != previous[0][index][0]:
                    steps.replace_option_prompt_at_index(index, label)
            steps.highlighted = current
            return
        steps.clear_options()
        for step, (label, skipped) in zip(STEPS, labels, strict=True):
            steps.add_option(Option(label, id=step.id, disabled=skipped))
        steps.highlighted = current

    @on(OptionList.OptionSelected, "#wizard-steps")
    async def _step_picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.step:
            await self.show_step(event.option.id)

    async def action_next_step(self) -> None:
        await self._move(+1)

    async def action_previous_step(self) -> None:
        await self._move(-1)

    async def _move(self, delta: int) -> None:
        await self._settle()
        order = self._steps_shown
        index = order.index(self.step) if self.step in order else 0
        target = order[max(0, min(len(order) - 1, index + delta))]
        if target != self.step:
            await self.show_step(target)

    def _focus_in_body(self, path: str | None) -> None:
        rows = list(self.query(FieldRow))
        target = next((row for row in rows if path and row.path == path), None)
        if target is None and path:
            target = next((row for row in rows if path.startswith(row.path)), None)
        if target is not None:
            target.focus_input()  # opening its module's group first
            target.call_after_refresh(target.scroll_visible)
        elif rows and path is None:
            rows[0].focus_input()
        else:
            focusable = self.query_one("#wizard-body").query("SelectionList, Button, DocumentView")
            if focusable:
                focusable.first().focus()

    # --- editing ---------------------------------------------------------------------------

    @on(FieldRow.Focused)
    def _field_focused(self, event: FieldRow.Focused) -> None:
        spec = event.view.spec
        help_line = self.query_one("#wizard-help", Static)
        help_line.update(f"{event.view.path}: {help_text(spec)}", layout=False)

    @on(FieldRow.Edited)
    def _field_edited(self, event: FieldRow.Edited) -> None:
        event.stop()
        self._pending[event.path] = event.text
        if not self._draining:
            self._draining = True
            self.run_worker(self._drain(), group="wizard-edits")

    async def _drain(self) -> None:
        """Apply what was typed, a batch at a time, showing the findings after each."""
        try:
            while self._pending:
                batch, self._pending = self._pending, {}
                engines_touched = any(path in ENGINE_KEYS for path in batch)
                problems, self.state = await self.editor.change(
                    partial(apply_typed, batch=batch), values_only=not engines_touched
                )
                self._texts.update(batch)
                self._note = problems.pop(ENGINE_NOTE, "")
                for path in batch:  # what could not be taken stays said until it is retyped
                    self._refused.pop(path, None)
                self._refused.update(problems)
                if engines_touched:
                    await self.show_step(self.step, focus_path=next(iter(batch)))
                    continue
                self._show_findings()
        finally:
            self._draining = False

    async def _settle(self) -> None:
        """Wait for the edits typed so far to be applied."""
        while self._draining or self._pending:
            worker_done = [w for w in self.workers if w.group == "wizard-edits"]
            if not worker_done:
                break
            await worker_done[0].wait()

    def _show_findings(self) -> None:
        self.findings_shown += 1
        for row in self.query(FieldRow):
            found = findings_for(self.state.findings, row.path)
            refused = self._refused.get(row.path)
            if refused is not None:
                found = [Finding("error", "type", row.path, 1, 1, refused), *found]
            row.show_findings(found)
        for add_row in self.query(AddRow):
            add_row.show_findings(list(self.state.findings))
        status = "no findings" if not self.state.findings else count_text(self.state.findings)
        keys = "ctrl+n next · ctrl+b back · ctrl+s save · esc leave · f1 keys"
        changed = " · changed" if self.state.changed else ""
        # Fixed-size lines: redrawn without laying the screen out again.
        self.query_one("#wizard-status", Static).update(f"{status}{changed} · {keys}", layout=False)
        self._draw_step_list()
        review = self.query("#wizard-review")
        if review:
            review.first(DocumentView).show(self.state)

    @on(SelectionList.SelectedChanged, "#wizard-modules")
    def _modules_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        chosen = list(event.selection_list.selected)
        self.run_worker(self._set_modules(chosen), group="wizard-edits-modules")

    async def _set_modules(self, chosen: list[str]) -> None:
        _, self.state = await self.editor.change(
            lambda d: d.set_items("modules", list[object](chosen))
        )
        self._show_findings()

    @on(Button.Pressed, ".wizard-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, AddRow))
        adding = self._add_item(row.path, row.keyed, row.first_key)
        self.run_worker(adding, group="wizard-add", exit_on_error=False)

    async def _add_item(self, path: str, keyed: bool, first: str) -> None:
        if keyed:
            key = await self.ask(
                PromptDialog(
                    f"Add to {path}",
                    "The party id of the new entry (or `default`):",
                    party_key_problem,
                )
            )
            if not key:
                return
            new_path = f"{path}.{key}"
            _, self.state = await self.editor.change(lambda d: d.set(new_path, {}))
        else:
            count = await self.editor.read(lambda d: len(d.get(path) or []))
            new_path = f"{path}[{count}]"
            item: object = {first: None} if first else None
            _, self.state = await self.editor.change(lambda d: d.set(new_path, item))
        await self.show_step(self.step, focus_path=new_path)

    @on(Button.Pressed, ".wizard-item Button")
    async def _remove_item(self, event: Button.Pressed) -> None:
        event.stop()
        path = event.button.name or ""
        _, self.state = await self.editor.change(lambda d: d.remove(path))
        await self.show_step(self.step)

    async def _check_cluster(self) -> None:
        """Pre-flight and the deploy preview of the document as it is, on the review."""
        async for section, title, lines in review_sections(self.console.backend, self.state.text):
            self._section(section, title, lines)

    def _section(self, section: str, title: str, lines: list[str]) -> None:
        views = self.query(DocumentView)
        if views:
            views.first().show_section(section, title, lines)

    # --- findings, save, install -------------------------------------------------------------

    @on(DocumentView.FindingChosen)
    async def _finding_chosen(self, event: DocumentView.FindingChosen) -> None:
        step = await self.editor.read(lambda d: step_for_path(d, event.finding.path))
        await self.show_step(step, focus_path=event.finding.path or None)

    def action_save(self) -> None:
        """Save the document (to the file it came from, else to a new file asked for)."""
        self.run_worker(self._save(), group="wizard-save", exclusive=True, exit_on_error=False)

    async def _save(self) -> None:
        await self._settle()
        if not await self._may_finish("Save"):
            return
        path = self.start.save_path or await self._ask_path()
        if path is None:
            return
        try:
            await asyncio.to_thread(self._write, path)
        except NotWritable as refused:
            self.say(f"{path} was not saved: {refused.reason}", severity="error")
            return
        except FileExistsError:
            self.say(f"{path} exists: the wizard does not overwrite it", severity="error")
            return
        except OSError as error:
            self.say(f"could not save {path}: {error.strerror or error}", severity="error")
            return
        self.start = replace(self.start, text=self.state.text, save_path=path)
        self.say(f"saved {path}", title="wizard")
        self.query_one("#wizard-title", Static).update(self._title())

    def _write(self, path: Path) -> None:
        """The file the wizard opened (or wrote before) is replaced as it is written; any
        other path must be a new file (blocking: run in a thread)."""
        if path == self.start.save_path and path.exists():
            written_as = self.start.written_as or DocumentFile(self.start.text)
            replace_document(path, written_as.encoded(self.state.text))
        else:
            write_new_document(path, self.state.text)

    async def _ask_path(self) -> Path | None:
        name = await self.editor.read(lambda d: str(d.get("name") or "cluster"))
        text = await self.ask(
            PromptDialog(
                "Save the cluster.yaml",
                "File to write (a new file; an existing one is not overwritten):",
                new_file_problem,
                ok_label="Save",
                placeholder=f"{name}.yaml",
            )
        )
        return Path(text).expanduser() if text else None

    async def _may_finish(self, verb: str) -> bool:
        """No errors (else jump to the first one); warnings accepted on purpose."""
        if self.state.errors:
            first = self.state.errors[0]
            self.say(
                f"{count_text(self.state.errors)}: {first.message}; fix them first",
                severity="error",
                title=verb,
            )
            await self._finding_chosen(DocumentView.FindingChosen(first))
            return False
        if self.state.warnings:
            return await self.ask(
                FindingsDialog(
                    f"{count_text(self.state.warnings)} in the document",
                    self.state.warnings,
                    notes=[f"{verb} with these warnings?"],
                    proceed_label=f"{verb} anyway",
                )
            )
        return True

    async def action_install(self) -> None:
        """Install the document (or update the cluster it was opened from)."""
        await self._settle()
        action = "update_cluster" if self.start.updates else "install_cluster"
        self.begin_change(action, self._send)

    async def _send(self) -> None:
        if self.state.errors:
            await self._may_finish("Install")
            return
        label = self.start.save_path or Path(f"{self.start.source}.yaml")
        cluster_file = ClusterFile(label, self.state.text, self.state.findings)
        try:
            args: ClusterArgs = cluster_file.cluster_args()
        except ClusterFileError as error:
            self.say(str(error), severity="error", title="wizard")
            return
        job: Job | None
        if self.start.updates:
            if (args.namespace, args.name) != self.start.updates:
                self.say(
                    "the document now names "
                    f"{args.cluster_key}, not {'/'.join(self.start.updates)}: nothing was sent",
                    severity="warning",
                )
                return
            job = await self.update_document(cluster_file, args)
        else:
            job = await self.install_document(cluster_file, args)
        if job is not None:
            # The app opens the job: this screen's own workers end with it.
            self.app.run_worker(self.console.open_job(job.uuid), group="open-job")
            self.dismiss()

    def action_leave(self) -> None:
        """Back to where the wizard was opened; asks first when there are unsaved changes."""
        self.run_worker(self._leave(), group="wizard-leave", exclusive=True, exit_on_error=False)

    async def _leave(self) -> None:
        if self.state.changed and self.state.text != self.start.text:
            leave = await self.ask(
                ConfirmDialog(
                    "Leave the wizard",
                    "The document has changes that are not saved. Leave anyway?",
                    confirm_label="Leave",
                    cancel_label="Stay",
                )
            )
            if not leave:
                return
        self.dismiss()
