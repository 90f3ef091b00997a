"""The wizard's draft, changed and read one call at a time in a worker thread.

A change re-writes the document and runs the validator (≈ 10-20 ms on a full Spark+Pulsar
document): not work for the event loop, which must keep drawing while the user types. Calls
are serial (an asyncio lock), so a read never sees a change half made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from backend.drafts.cluster_draft import ClusterDraft
from backend.schema.findings import Finding, errors_in, warnings_in

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DraftState:
    """The document after a change: its text and the validator's findings."""

    text: str
    findings: tuple[Finding, ...]
    changed: bool
    places: dict[str, str]
    """finding path -> the wizard step that shows it."""

    @property
    def errors(self) -> list[Finding]:
        return errors_in(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings_in(self.findings)


class DraftEditor:
    """Owns a draft; every use of it goes through `change` or `read`."""

    def __init__(self, draft: ClusterDraft) -> None:
        self._draft = draft
        self._lock = asyncio.Lock()
        self._places: dict[str, str] = {}

    async def change(
        self, edit: Callable[[ClusterDraft], T], *, values_only: bool = False
    ) -> tuple[T, DraftState]:
        """Run `edit` on the draft, then give its result and the document's new state.

        `values_only`: the edit only wrote values of fields already shown, so which step shows
        which path has not changed (placing findings again on every key press costs more than
        validating)."""
        async with self._lock:
            if not values_only:
                self._places.clear()
            return await asyncio.to_thread(self._change, edit)

    async def read(self, look: Callable[[ClusterDraft], T]) -> T:
        """Run `look` on the draft (it must not change it)."""
        async with self._lock:
            return await asyncio.to_thread(look, self._draft)

    def _change(self, edit: Callable[[ClusterDraft], T]) -> tuple[T, DraftState]:
        result = edit(self._draft)
        return result, state_of(self._draft, self._places)


def state_of(draft: ClusterDraft, places: dict[str, str] | None = None) -> DraftState:
    """The draft's text and findings now (blocking: the validator runs). `places` holds the
    steps of paths placed before (kept up to date here)."""
    from kubefate_tui.wizard.finding_places import place_findings

    findings = tuple(draft.findings())
    known = {} if places is None else places
    new = [finding for finding in findings if finding.path not in known]
    if new:
        known.update(place_findings(draft, new))
    placed = {finding.path: known[finding.path] for finding in findings}
    return DraftState(draft.text(), findings, draft.changed, placed)
