"""`kubefate-tui federation new|check`: plan a federation's files, and check them together.

`new` writes federation.yaml and one cluster.yaml per party (and the exchange's) into DIR,
consistent with each other; `check DIR` reports, like `validate` (`FILE:LINE:COL: SEVERITY:
MESSAGE [PATH]` on stdout, the summary on stderr), each file's own findings and what the files
say about each other. Exit status as `validate`: 0 no errors, 1 errors, 2 a file could not be
read or written (or bad usage).

Only argparse and the standard library at module level: the drafts and the schema are imported
when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from backend.federation.consistency import FederationReport
    from backend.federation.federation_file import Federation
    from backend.schema.findings import Finding

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def add_federation_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Define `federation new`, `check` and `update` on `subparsers`."""
    federation: argparse.ArgumentParser = subparsers.add_parser(
        "federation",
        help="plan and check several FATE parties as one federation",
        description=(
            "Plan a federation's files (new), check them together (check), update one member "
            "and the routes that point to it (update)."
        ),
    )
    actions = federation.add_subparsers(dest="federation_action", metavar="ACTION", required=True)
    _add_new(actions)
    check = actions.add_parser(
        "check",
        help="check a federation's files together, offline",
        description=(
            "Check the federation in DIR (its federation.yaml and every cluster.yaml it names): "
            "each file against the schema, and the routes between them (ports, TLS, addresses, "
            "missing parties), duplicate party ids, NodePorts asked for twice on one "
            "Kubernetes cluster, placeholders left. Exit 0: no errors; 1: errors; 2: a file "
            "could not be read."
        ),
    )
    check.add_argument("folder", metavar="DIR", help="the federation's folder, or its file")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--live",
        action="store_true",
        help="also compare the routes with each member's deployed gateway (Info ip and port), "
        "through the member's profile",
    )
    check.set_defaults(handler=run_check)
    _add_update(actions)
    return federation


def _add_update(actions: Any) -> None:
    update: argparse.ArgumentParser = actions.add_parser(
        "update",
        help="update one member and the routes that point to it",
        description=(
            "Update MEMBER (a party id, or `exchange`) from its cluster.yaml, then rewrite the "
            "routes to it in the other members' files (its ports, and its address: its "
            "loadBalancerIP, else its deployed gateway's) and update those that are deployed, "
            "each through its profile. Prints the whole change first and asks, unless --yes. "
            "Exit 0: done; 1: an update failed or a file could not be rewritten; 2: nothing "
            "could be done (or the question went unanswered)."
        ),
    )
    update.add_argument("folder", metavar="DIR", help="the federation's folder, or its file")
    update.add_argument("member", metavar="MEMBER", help="a party id, or `exchange`")
    update.add_argument("--yes", action="store_true", help="do it without asking")
    update.set_defaults(handler=_run_update)


def _run_update(args: argparse.Namespace) -> int:
    # Imported here: updating loads the drafts and the actions, which `check` never needs.
    from kubefate_tui.subcommands.federation_update_command import run_update

    return run_update(args)


def _add_new(actions: Any) -> None:
    new: argparse.ArgumentParser = actions.add_parser(
        "new",
        help="write a federation's files from a preset",
        description=(
            "Write DIR/federation.yaml and one cluster.yaml per party (and the exchange's with "
            "--exchange), consistent with each other: every party routes to every other one, "
            "NodePorts do not collide, the Spark route tables are filled in. Addresses not "
            "given with --address are written as <node-ip-of-party-N> placeholders that "
            "`federation check` reports. Exit 0: written; 1: errors, nothing written; 2: bad "
            "usage, or DIR holds a federation already, or cannot be written."
        ),
    )
    new.add_argument(
        "--parties", required=True, metavar="IDS", help="party ids, comma-separated: 9999,10000"
    )
    new.add_argument("--exchange", action="store_true", help="route through an exchange")
    new.add_argument("--preset", metavar="NAME", help="each party's preset (default fate)")
    new.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    new.add_argument("--name", metavar="NAME", help="the federation's name (default: DIR's)")
    new.add_argument(
        "--address",
        metavar="PARTY=ADDRESS",
        action="append",
        default=[],
        help="where PARTY (a party id, or `exchange`) is reached, e.g. 10000=192.168.10.1",
    )
    new.add_argument("--force", action="store_true", help="replace the files if they exist")
    new.set_defaults(handler=run_new)


def _addresses(texts: list[str]) -> dict[int | None, str]:
    """`10000=192.168.10.1` and `exchange=…` -> {10000: …, None: …}; ValueError says why."""
    found: dict[int | None, str] = {}
    for text in texts:
        party, equals, address = text.partition("=")
        party = party.strip()
        if not equals or not address.strip() or not (party == "exchange" or party.isdigit()):
            raise ValueError(f"--address {text!r}: write PARTY=ADDRESS, e.g. 10000=192.168.10.1")
        found[None if party == "exchange" else int(party)] = address.strip()
    return found


def _party_ids(text: str) -> list[int]:
    pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
    if not pieces or not all(piece.isdigit() for piece in pieces):
        raise ValueError(
            f"--parties {text!r}: write party ids separated by commas, e.g. 9999,10000"
        )
    return [int(piece) for piece in pieces]


def run_new(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Plan the federation and write its files; then report them as `check` does."""
    from backend.federation.plan import PlanError, plan_federation
    from backend.federation.plan_files import PlanNotWritten, write_plan
    from backend.presets.catalog import DEFAULT_PRESET, UnknownPreset

    stdout, stderr = out or sys.stdout, err or sys.stderr
    folder = Path(args.out)
    try:
        plan = plan_federation(
            _party_ids(args.parties),
            folder,
            preset=args.preset or DEFAULT_PRESET,
            exchange=args.exchange,
            name=args.name,
            addresses=_addresses(args.address),
        )
    except (ValueError, PlanError, UnknownPreset) as error:
        print(f"federation new: {error}", file=stderr)
        return EXIT_UNREADABLE
    try:
        written = write_plan(plan, replace=args.force)
    except PlanNotWritten as refused:
        hint = " (--force replaces it)" if "exists" in str(refused) else ""
        print(f"federation new: {refused}{hint}", file=stderr)
        return EXIT_UNREADABLE
    for path in written:
        print(f"wrote {path}", file=stderr)
    return _check(folder, "text", stdout, stderr)


def run_check(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Check the federation in args.folder; print findings in args.format."""
    live = args if getattr(args, "live", False) else None
    return _check(Path(args.folder), args.format, out or sys.stdout, err or sys.stderr, live)


def _check(
    folder: Path,
    shown: str,
    stdout: TextIO,
    stderr: TextIO,
    live: argparse.Namespace | None = None,
) -> int:
    from backend.federation.consistency import check_federation
    from backend.federation.federation_file import FederationFileError, load_federation

    try:
        federation = load_federation(folder)
    except FederationFileError as error:
        print(error.compiler_line(), file=stderr)
        print("federation check: the federation file cannot be used", file=stderr)
        return EXIT_UNREADABLE
    report = check_federation(federation)
    if live is not None:
        try:
            _add_live(report, federation, live)
        except ValueError as error:
            print(f"federation check --live: {error}", file=stderr)
            return EXIT_UNREADABLE
    return _print(report, len(federation.members) + 1, shown, stdout, stderr)


def _add_live(report: FederationReport, federation: Federation, args: argparse.Namespace) -> None:
    """Add what the members' backends say is deployed to `report` (ValueError: no backends)."""
    import asyncio

    from kubefate_tui.subcommands.federation_live import live_report, open_backends

    main, factory = open_backends(args)
    live = asyncio.run(live_report(federation, main, factory))
    report.findings.extend(live.findings)
    known = {path for path, _ in report.unreadable}
    report.unreadable.extend(item for item in live.unreadable if item[0] not in known)


def _print(report: FederationReport, files: int, shown: str, stdout: TextIO, stderr: TextIO) -> int:
    from kubefate_tui.subcommands.validate_command import (
        count_findings,
        print_findings,
        summary_line,
    )

    findings = [item.finding for item in report.findings]
    if shown == "json":
        import json

        records = [{"file": str(item.file), **item.finding.to_dict()} for item in report.findings]
        json.dump(records, stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
    else:
        by_file: dict[Path, list[Finding]] = {}
        for item in report.findings:
            by_file.setdefault(item.file, []).append(item.finding)
        for path, found in by_file.items():
            print_findings(str(path), found, stdout)
    for path, reason in report.unreadable:
        print(f"{path}: cannot read: {reason}", file=stderr)
    errors, warnings = count_findings(findings)
    print(summary_line(errors, warnings, files, len(report.unreadable)), file=stderr)
    stdout.flush()
    if report.unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if errors else EXIT_OK
