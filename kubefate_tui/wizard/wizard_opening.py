"""Opening the wizard from the console: a new cluster from a preset (or, the preset picker's
last choice, a whole federation), a live cluster's cluster.yaml to update it, or any document;
a document in an older layout than its chart reads is offered its conversion first.

The app imports this when the wizard is first asked for (nothing of the wizard loads before the
console's first frame) and runs each opening in a worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.errors import BackendError
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.wizard_start import WizardStart


@dataclass(frozen=True)
class WizardOpener:
    """Opens the wizard over `app`, reading clusters from `backend`; a planned federation is
    shown with `open_federation`."""

    app: App[Any]
    backend: Backend
    open_federation: Callable[[Path], Awaitable[None]]

    def _notify(self, text: str, title: str, severity: SeverityLevel = "error") -> None:
        self.app.notify(text, title=title, severity=severity, markup=False)

    async def start_new_cluster(self, preset: str | None, save_path: Path | None) -> None:
        """A new cluster.yaml from `preset` (None: the user picks one, or a federation)."""
        from kubefate_tui.wizard.preset_picker import FEDERATION, PresetPicker, preset_start

        if preset is None:
            preset = await self.app.push_screen_wait(PresetPicker())
            if preset is None:
                return
        if preset == FEDERATION:
            await self.new_federation()
            return
        start = preset_start(preset, save_path)
        if isinstance(start, str):
            self._notify(start, "Wizard")
            return
        await self.open(start)

    async def new_federation(self) -> None:
        """Plan a federation as `federation new` does, write it, and show it."""
        from backend.federation.plan import PlanError, plan_federation
        from backend.federation.plan_files import PlanNotWritten, write_plan
        from kubefate_tui.wizard.federation_form import FederationForm, federation_presets

        presets, default = federation_presets()
        request = await self.app.push_screen_wait(FederationForm(presets, default))
        if request is None:
            return
        try:
            plan = await asyncio.to_thread(
                plan_federation,
                request.party_ids,
                request.folder,
                preset=request.preset,
                exchange=request.exchange,
            )
            written = await asyncio.to_thread(write_plan, plan)
        except (PlanError, PlanNotWritten, ValueError) as error:
            self._notify(str(error), "New federation")
            return
        self._notify(
            f"wrote {len(written)} files in {request.folder}: the federation file and one "
            "cluster.yaml per member",
            "New federation",
            "information",
        )
        await self.open_federation(request.folder)

    async def edit_cluster(self, query: str, save_path: Path | None) -> None:
        """The cluster `query` names (as `:cluster` matches) in the wizard, to update it."""
        from kubefate_tui import command_line_grammar as grammar

        try:
            clusters = await self.backend.list_clusters()
            refs = [grammar.ClusterRef(c.uuid, c.name, c.namespace) for c in clusters]
            found = grammar.find_cluster(query, refs)
            if not isinstance(found, grammar.Found):
                self._notify(found.message, "Command", "warning")
                return
            cluster = await self.backend.get_cluster(found.key)
        except BackendError as error:
            self._notify(error_text(error), "Command")
            return
        key = (cluster.namespace, cluster.name)
        source = f"cluster {cluster.namespace}/{cluster.name}"
        await self.open(WizardStart(cluster.values, source, save_path, updates=key))

    async def open(self, start: WizardStart) -> None:
        """The wizard on `start`'s document (read in a thread: it may be big)."""
        from kubefate_tui.wizard.wizard_screen import WizardScreen

        try:
            draft = await asyncio.to_thread(ClusterDraft.from_text, start.text)
        except DraftError as error:
            self._notify(f"cannot open {start.source} in the wizard: {error}", "Wizard")
            return
        note = await self._offer_layout_conversion(start, draft)
        await self.app.push_screen(WizardScreen(start, draft, note=note))

    async def _offer_layout_conversion(self, start: WizardStart, draft: ClusterDraft) -> str:
        """A document in an older layout than its chart reads (KubeFATE's own party-9999
        examples list `rollsite` under chart v2.0.0): offer to convert it. Says what was done."""
        from backend.drafts.layout_conversion import convert_layout, preview_layout
        from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog

        changes = await asyncio.to_thread(preview_layout, draft)
        if not any(change.converted for change in changes):
            return ""
        chart = f"{draft.get('chartName')} {draft.get('chartVersion')}"
        convert = await self.app.push_screen_wait(
            ConfirmDialog(
                "Older layout",
                f"{start.source} uses a layout chart {chart} does not read (it would deploy "
                "without those parts). Convert it?",
                details=[change.message for change in changes],
                confirm_label="Convert",
                cancel_label="Open as written",
            )
        )
        if not convert:
            return ""
        done = await asyncio.to_thread(convert_layout, draft)
        return "converted from the older layout: " + "; ".join(c.message for c in done)
