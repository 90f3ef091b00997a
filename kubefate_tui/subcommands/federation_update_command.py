"""`kubefate-tui federation update DIR MEMBER`: the Federations mode's `u` for scripts and
shells. Prints what updating MEMBER implies (its own update; each other member's file rewritten
key by key, and updated when deployed), asks unless `--yes`, then does it through each
member's profile, a line per member each time its state changes.

Exit 0: done (or nothing to do); 1: an update failed or a file could not be rewritten; 2: the
federation, the member or its file cannot be used, or the question went unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from backend.federation.federation_file import (
    Federation,
    FederationFileError,
    Member,
    load_federation,
)
from backend.interface import Backend
from kubefate_tui.actions.federation_deploy import DeployOutcome
from kubefate_tui.actions.federation_update import (
    PartyUpdatePlan,
    plan_party_update,
    update_party,
)
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.backend_factory import BackendFactory
from kubefate_tui.state.federation_status import members_of, party_status
from kubefate_tui.state.party_backends import PartyBackends

EXIT_DONE, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2
JOB_TICK = 2.0
"""Seconds between reads of a running job (the console's own pace)."""

Wait = Callable[[], Awaitable[None]]
Ask = Callable[[str], str]


def run_update(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    wait: Wait | None = None,
    ask: Ask | None = None,
) -> int:
    """Plan, show, ask and update (see the module docstring)."""
    from kubefate_tui.subcommands.federation_live import open_backends

    stdout, stderr = out or sys.stdout, err or sys.stderr
    try:
        federation = load_federation(Path(args.folder))
        target, exchange = _member(federation, args.member)
        main, factory = open_backends(args)
    except FederationFileError as error:
        print(error.compiler_line(), file=stderr)
        return EXIT_UNUSABLE
    except ValueError as error:
        print(f"federation update: {error}", file=stderr)
        return EXIT_UNUSABLE
    job_wait = wait or (lambda: asyncio.sleep(JOB_TICK))
    confirm = None if args.yes else (ask or _ask_terminal)
    updating = _update(federation, target, exchange, main, factory, stdout, job_wait, confirm)
    return asyncio.run(updating)


def _member(federation: Federation, text: str) -> tuple[Member, bool]:
    """The member `text` names (`10000`, `exchange`); ValueError lists the ones there are."""
    for member, exchange in members_of(federation):
        if (exchange and text == "exchange") or (not exchange and text == str(member.party_id)):
            return member, exchange
    names = ", ".join(
        "exchange" if exchange else str(member.party_id)
        for member, exchange in members_of(federation)
    )
    raise ValueError(f"no member {text!r} in {federation.name} (its members: {names})")


def _ask_terminal(question: str) -> str:
    """The answer typed on a terminal; "" when there is none to ask on (a pipe, a script)."""
    if not sys.stdin.isatty():
        return ""
    try:
        return input(question)
    except EOFError:
        return ""


async def _update(
    federation: Federation,
    target: Member,
    exchange: bool,
    main: Backend,
    factory: BackendFactory,
    stdout: TextIO,
    wait: Wait,
    confirm: Ask | None,
) -> int:
    backends = PartyBackends(main, factory)
    try:
        try:
            await main.start()
        except Exception as error:  # a member on it says so; the others can still be done
            print(f"the default backend cannot be used: {error_text(error)}", file=stdout)
        live = await party_status(target, exchange, backends)
        plan = await asyncio.to_thread(plan_party_update, federation, target, exchange, live.ip)
        if not _shown_and_agreed(plan, live.problem, stdout, confirm):
            return EXIT_UNUSABLE
        outcomes = await update_party(plan, backends, _printer(stdout), wait)
    finally:
        await backends.close()
        await main.close()
    return EXIT_DONE if all(_fine(outcome) for outcome in outcomes) else EXIT_FAILED


def _shown_and_agreed(
    plan: PartyUpdatePlan, problem: str, stdout: TextIO, confirm: Ask | None
) -> bool:
    if plan.refused:
        print(f"federation update: cannot update {plan.name}: {plan.refused}", file=stdout)
        return False
    print("\n".join(plan.details()), file=stdout)
    if problem:
        print(f"{plan.name}: {problem}", file=stdout)
    if confirm is None:
        return True
    if confirm("Update? [y/N] ").strip().lower() in ("y", "yes"):
        return True
    print("federation update: nothing changed (--yes updates without asking)", file=stdout)
    return False


def _printer(stdout: TextIO) -> Callable[[str, str], None]:
    """Print a member's line each time it changes (a running job is read every tick)."""
    last: dict[str, str] = {}

    def report(name: str, text: str) -> None:
        if last.get(name) != text:
            last[name] = text
            print(f"{name}: {text}", file=stdout, flush=True)

    return report


def _fine(outcome: DeployOutcome) -> bool:
    return outcome.succeeded or outcome.absent
