"""The Federations mode: the parties of a federation folder side by side, and their routes.

Opened on a folder holding `federation.yaml` (`kubefate-tui --federation DIR`, `:federation
DIR`). Each party is read on the backend of its profile (the app's own when it names none);
the others are opened when the mode loads the federation and closed when it is left for
another federation or the console exits. A profile that cannot be reached is said per party;
the rest is shown all the same. It follows every one of those backends' change events.

Keys: `d` deploys the federation (exchange first, a line per member), `u` updates one member
and the routes that point to it, `p` probes each gateway from this machine, `r` reads
everything again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.federation.federation_file import Federation, FederationFileError, load_federation
from backend.federation.gateway_probe import ProbeResult, probe_gateway
from backend.interface import Backend
from kubefate_tui.actions.federation_deploy import Report, deploy_federation, member_name
from kubefate_tui.actions.federation_update import plan_party_update, update_party
from kubefate_tui.dialogs.choice_dialog import ChoiceDialog
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.screens.coalesced_load import CoalescedLoad
from kubefate_tui.screens.prompt_screen import PromptScreen
from kubefate_tui.state.backend_state import BackendPhase
from kubefate_tui.state.change_refusal import READ_ONLY
from kubefate_tui.state.federation_status import (
    FederationStatus,
    PartyStatus,
    members_of,
    read_status,
)
from kubefate_tui.state.mode_catalog import heading_of
from kubefate_tui.state.party_backends import PartyBackends
from kubefate_tui.widgets.bars.backend_status import BackendStatus
from kubefate_tui.widgets.tables.federation_tables import (
    cluster_text,
    member_summary,
    parties_table,
    routes_table,
    shown_file,
)

NO_FEDERATION = (
    "No federation open. Start with kubefate-tui --federation DIR, or type :federation DIR "
    "(a folder with federation.yaml)."
)
KINDS = frozenset({EntityKind.CLUSTER, EntityKind.JOB})


class FederationsScreen(PromptScreen):
    """The federation's parties and routes, live; deploy and probe from here."""

    MODE = "federations"
    HEADING = heading_of(MODE)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "deploy", "Deploy federation", id="federation.deploy"),
        Binding("u", "update_party", "Update a party", id="federation.update"),
        Binding("p", "probe", "Probe gateways", id="federation.probe"),
        Binding("r", "reload", "Reload", id="screen.reload"),
    ]
    DEFAULT_CSS = """
    FederationsScreen #federation-body { height: 1fr; }
    FederationsScreen .federation-part { margin: 1 1 0 1; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._loads: CoalescedLoad[str] = CoalescedLoad(
            self, lambda _parts: self._load_once(), group="federation-load"
        )
        self.folder: Path | None = None
        self.federation: Federation | None = None
        self.backends: PartyBackends | None = None
        self.status: FederationStatus | None = None
        self.probes: dict[str, ProbeResult] = {}
        self.member_lines: dict[str, str] = {}
        """A line per member of the deploy or update under way (or last done)."""
        self.lines_heading = "Deploy"
        self._followed: set[int] = set()

    def compose(self) -> ComposeResult:
        yield BackendStatus(self.console.backend.describe(), self.console.pacing.reconnected)
        with VerticalScroll(id="federation-body"):
            yield Static(self.HEADING, id="federation-title", classes="federation-part")
            yield Static("", id="federation-parties", classes="federation-part")
            yield Static("", id="federation-routes", classes="federation-part")
            yield Static("", id="federation-deploy", classes="federation-part")

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_bars)
        self.request_reload()

    def _mount_bars(self) -> None:
        if self.ensure_bottom_bars() is not None:
            self.call_after_refresh(self.refresh_bindings)

    # --- live ------------------------------------------------------------------------------
    def is_changed_by(self, event: ChangeEvent) -> bool:
        """Clusters and jobs (of any party's backend) change what is shown."""
        return event.action is ChangeAction.RESYNC or event.kind in KINDS

    def request_reload(self) -> None:
        """Read the federation and its parties again (coalesced)."""
        self._loads.request()

    @property
    def is_loading(self) -> bool:
        return self._loads.is_loading

    def on_screen_resume(self) -> None:
        self.request_reload()

    def action_reload(self) -> None:
        """Read everything again, trying the profiles that could not be opened once more."""
        if self.backends is not None:
            self.backends.forget_unreachable()
        self.request_reload()

    def _follow(self, backend: Backend) -> None:
        """Reload on the change events of a party's backend (the app's own is followed by
        the app, which calls `request_reload`)."""
        if id(backend) in self._followed or backend is self.console.backend:
            return
        self._followed.add(id(backend))
        self.run_worker(
            self._follow_events(backend), group="federation-events", exit_on_error=False
        )

    async def _follow_events(self, backend: Backend) -> None:
        async with backend.subscribe() as events:
            async for event in events:
                if self.is_changed_by(event):
                    self.request_reload()

    # --- loading ---------------------------------------------------------------------------
    def _say(self, text: str, part: str = "title") -> None:
        self.query_one(f"#federation-{part}", Static).update(Text(text))

    async def _load_once(self) -> None:
        state = self.console.backend_state
        if state.phase is BackendPhase.STARTING:
            self._say(state.unready_text)
            return
        folder = self.console.federation_folder
        if folder is None:
            self._say(NO_FEDERATION)
            return
        if folder != self.folder or self.federation is None:
            await self._open(folder)
        federation, backends = self.federation, self.backends
        if federation is None or backends is None:  # the file could not be used: it says why
            return
        self.status = await read_status(federation, backends)
        for backend in backends.opened:
            self._follow(backend)
        self._draw()

    async def _open(self, folder: Path) -> None:
        """Load the federation file of `folder`, closing the backends of the one before."""
        await self._close_backends()
        self.folder, self.status, self.probes, self.member_lines = folder, None, {}, {}
        self._say("", "parties")
        self._say("", "routes")
        self._say("", "deploy")
        try:
            self.federation = await asyncio.to_thread(load_federation, folder)
        except FederationFileError as error:
            self.federation = None
            self._say(f"{self.HEADING}: cannot open {error_text(error)}")
            return
        self.backends = PartyBackends(self.console.backend, self.console.backend_factory)
        self.console.remember_federation(folder)

    async def _close_backends(self) -> None:
        backends, self.backends = self.backends, None
        self.workers.cancel_group(self, "federation-events")
        self._followed.clear()
        if backends is not None:
            await backends.close()

    async def on_unmount(self) -> None:
        await self._close_backends()

    async def on_screen_suspend(self) -> None:
        """Leaving the mode closes the parties' backends (a deploy under way keeps them until
        it ends); coming back opens them again. A dialog over the screen is not leaving."""
        await self._close_if_left()

    async def _close_if_left(self) -> None:
        if self.deploying or self in self.app.screen_stack:
            return
        await self._close_backends()
        self.federation = None

    def _draw(self) -> None:
        status = self.status
        if status is None:
            return
        federation = status.federation
        count = status.mismatches
        marks = f" · {count} mismatch{'es' if count > 1 else ''}" if count else ""
        self._say(f"Federation {federation.name} ({federation.folder}){marks}")
        self.query_one("#federation-parties", Static).update(parties_table(status, self.probes))
        self.query_one("#federation-routes", Static).update(routes_table(status))
        self._draw_member_lines()

    def _draw_member_lines(self) -> None:
        lines = [f"{name}: {text}" for name, text in self.member_lines.items()]
        self._say("\n".join([self.lines_heading, *lines]) if lines else "", "deploy")

    # --- actions ---------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.console.backend.describe().read_only

    @property
    def deploying(self) -> bool:
        """True while a deploy or an update runs (its jobs are watched on the backends held
        open)."""
        return any(
            worker.group == "federation-deploy" and not worker.is_finished
            for worker in self.workers
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only console hides the deploy and update keys (as it hides every change)."""
        if action in ("deploy", "update_party") and self.read_only:
            return False
        return super().check_action(action, parameters)

    def _may_change(self, what: str) -> bool:
        """Whether `what` (deploy, update) may start now; says why not."""
        if self.read_only:
            self.notify(READ_ONLY.text(what), severity="warning", markup=False)
        elif self.federation is None or self.backends is None or self.status is None:
            self.notify(NO_FEDERATION, severity="warning", markup=False)
        elif self.deploying:
            self.notify(
                f"{self.lines_heading} is under way: {what} once it has ended", markup=False
            )
        else:
            return True
        return False

    def action_deploy(self) -> None:
        """Ask, then install the exchange and the parties, watching each job on its line."""
        if self._may_change("deploy federation"):
            assert self.federation is not None and self.backends is not None
            deploy = self._deploy(self.federation, self.backends)
            self.run_worker(deploy, group="federation-deploy")

    async def _deploy(self, federation: Federation, backends: PartyBackends) -> None:
        order = [
            f"{member_name(member, exchange)}: {member_summary(member, federation)}"
            for member, exchange in members_of(federation)
        ]
        ask = ConfirmDialog(
            f"Deploy {federation.name}",
            "Install every member of the federation, the exchange first?",
            details=order,
            confirm_label="Deploy",
            cancel_label="Cancel",
        )
        if not await self.app.push_screen_wait(ask) or backends is not self.backends:
            return  # cancelled, or the mode was left (its backends closed) meanwhile
        tick = self.console.pacing.job_tick
        report = self._start_lines("Deploy")
        await deploy_federation(federation, backends, report, lambda: asyncio.sleep(tick))
        if self in self.app.screen_stack:
            self.request_reload()

    def _start_lines(self, heading: str) -> Report:
        """Clear the per-member lines under `heading`; the function that sets one."""
        self.member_lines, self.lines_heading = {}, heading

        def report(name: str, text: str) -> None:
            self.member_lines[name] = text
            self._draw_member_lines()

        return report

    def action_update_party(self) -> None:
        """Pick a member, show what updating it implies (the routes to it rewritten in the
        other members' files, their updates), and on confirmation do it, a line per member."""
        if self._may_change("update a party"):
            assert self.federation is not None and self.backends is not None
            assert self.status is not None
            update = self._update(self.federation, self.backends, self.status)
            self.run_worker(update, group="federation-deploy")

    async def _update(
        self, federation: Federation, backends: PartyBackends, status: FederationStatus
    ) -> None:
        party = await self._pick_party(federation, status)
        if party is None or backends is not self.backends:
            return
        plan = await asyncio.to_thread(
            plan_party_update, federation, party.member, party.exchange, party.ip
        )
        if plan.refused:
            self.notify(
                f"cannot update {plan.name}: {plan.refused}", severity="error", markup=False
            )
            return
        ask = ConfirmDialog(
            f"Update {plan.name}",
            f"Update {plan.name} from its cluster.yaml, and the members whose routes point to it?",
            details=plan.details(),
            confirm_label="Update",
            cancel_label="Cancel",
        )
        if not await self.app.push_screen_wait(ask) or backends is not self.backends:
            return
        tick = self.console.pacing.job_tick
        report = self._start_lines(f"Update {plan.name}")
        await update_party(plan, backends, report, lambda: asyncio.sleep(tick))
        if self in self.app.screen_stack:
            self.request_reload()

    async def _pick_party(
        self, federation: Federation, status: FederationStatus
    ) -> PartyStatus | None:
        """Ask which member to update (its cluster, status and file on its line)."""
        choices = [
            (
                party.name,
                f"{party.name} · {cluster_text(party.member.cluster, party.member.namespace)}"
                f" · {party.problem or party.status}\n  {shown_file(party.member.file, federation)}"
                f" · profile {party.profile}",
            )
            for party in status.parties
        ]
        picker = ChoiceDialog(
            f"Update a member of {federation.name}", choices, "enter picks · esc cancels"
        )
        picked = await self.app.push_screen_wait(picker)
        return next((party for party in status.parties if party.name == picked), None)

    def action_probe(self) -> None:
        """Connect to every known gateway from here, at once."""
        if self.status is None:
            self.notify(NO_FEDERATION, severity="warning", markup=False)
            return
        self.run_worker(self._probe(self.status.parties), group="federation-probe", exclusive=True)

    async def _probe(self, parties: tuple[PartyStatus, ...]) -> None:
        known = [p for p in parties if p.ip and p.port]
        results = await asyncio.gather(*(probe_gateway(str(p.ip), int(p.port or 0)) for p in known))
        self.probes = {p.name: r for p, r in zip(known, results, strict=True)}
        for party in parties:
            if party not in known:
                self.probes.pop(party.name, None)
        self._draw()
        if not known:
            self.notify("no gateway address known yet: nothing to probe", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading, deploying or probing: said, never a traceback.
        A deploy that ends after the mode was left closes the backends it kept open."""
        if event.worker.group == "federation-deploy" and event.worker.is_finished:
            self.run_worker(self._close_if_left(), group="federation-close")
        if event.state is WorkerState.ERROR and event.worker.group.startswith("federation"):
            error = event.worker.error or RuntimeError("unknown error")
            self.notify(f"{self.HEADING}: {error_text(error)}", severity="error", markup=False)
