"""What the wizard does to its draft, in the editor's worker thread: read a step, write what
was typed (engines chosen as a documented combination), and check the names asked for."""

from __future__ import annotations

from pathlib import Path

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.drafts.document_path import PathError
from backend.drafts.engine_choice import ENGINE_KEYS, Engines, choose_engines, current_engines
from backend.drafts.typed_values import TypedValueError, typed_for
from kubefate_tui.wizard.engine_options import settle_engines
from kubefate_tui.wizard.step_catalog import STEPS, Entry, Field, applies, step_entries
from kubefate_tui.wizard.value_text import value_text

ENGINE_NOTE = ""
"""The key under which `apply_typed` says what an engine choice did."""


def step_view(draft: ClusterDraft, step_id: str) -> tuple[list[Entry], dict[str, str], list[bool]]:
    """A step's entries, its fields' values as text, and which steps apply (in a thread)."""
    entries = step_entries(draft, step_id)
    texts = {
        entry.path: value_text(draft.get(entry.path))
        for entry in entries
        if isinstance(entry, Field)
    }
    return entries, texts, [applies(draft, step.id) for step in STEPS]


def apply_typed(draft: ClusterDraft, batch: dict[str, str]) -> dict[str, str]:
    """Write typed values; what could not be taken, by path ("" : a note about engines)."""
    problems: dict[str, str] = {}
    engines: dict[str, str] = {}
    for path, text in batch.items():
        if path in ENGINE_KEYS:
            engines[path] = text
            continue
        try:
            value = typed_for(text, draft.spec(path))
            if value is None and not text:
                draft.remove(path)
            else:
                draft.set(path, value)
        except (TypedValueError, DraftError, PathError) as error:
            problems[path] = str(error)
    if engines:
        chosen = settle_engines(draft.schema, current_engines(draft), engines)
        change = choose_engines(draft, chosen)
        problems[ENGINE_NOTE] = engine_note(chosen, change.added, change.removed)
    return problems


def engine_note(engines: Engines, added: tuple[str, ...], removed: tuple[str, ...]) -> str:
    parts = [f"engines: {engines.computing} / {engines.federation} / {engines.storage}"]
    if added:
        parts.append("modules added: " + ", ".join(added))
    if removed:
        parts.append("modules removed: " + ", ".join(removed))
    return "\n".join(parts)


def party_key_problem(text: str) -> str | None:
    if text == "default" or (text.isdigit() and 0 < int(text) < 2**31):
        return None
    return "a party id (a positive whole number) or `default`"


def new_file_problem(text: str) -> str | None:
    if not text.strip():
        return "give a file name"
    path = Path(text).expanduser()
    if path.exists():
        return f"{path} exists: the wizard does not overwrite a file it did not open"
    if not path.parent.is_dir():
        return f"folder {path.parent} does not exist"
    return None
