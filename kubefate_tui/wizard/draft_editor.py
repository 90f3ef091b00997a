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
from backend.schema.findings import Finding

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
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]


class DraftEditor:
    """Owns a draft; every use of it goes through `change` or `read`."""

    def __init__(self, draft: ClusterDraft) -> None:
        self._draft = draft
        self._lock = asyncio.Lock()

    async def change(self, edit: Callable[[ClusterDraft], T]) -> tuple[T, DraftState]:
        """Run `edit` on the draft, then give its result and the document's new state."""
        async with self._lock:
            return await asyncio.to_thread(self._change, edit)

    async def read(self, look: Callable[[ClusterDraft], T]) -> T:
        """Run `look` on the draft (it must not change it)."""
        async with self._lock:
            return await asyncio.to_thread(look, self._draft)

    def _change(self, edit: Callable[[ClusterDraft], T]) -> tuple[T, DraftState]:
        result = edit(self._draft)
        return result, state_of(self._draft)


def state_of(draft: ClusterDraft) -> DraftState:
    """The draft's text and findings now (blocking: the validator runs)."""
    from kubefate_tui.wizard.finding_places import place_findings

    findings = tuple(draft.findings())
    return DraftState(draft.text(), findings, draft.changed, place_findings(draft, findings))
