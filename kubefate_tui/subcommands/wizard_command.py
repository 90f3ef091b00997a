"""`kubefate-tui wizard`: the console, opened straight into the wizard.

kubefate-tui wizard                       pick a preset first
kubefate-tui wizard --preset NAME         start from a preset
kubefate-tui wizard --from FILE           edit a cluster.yaml (saved back to it, or --out)
kubefate-tui wizard --cluster NAME        update a deployed cluster from its cluster.yaml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubefate_tui.app import KubefateApp

EXIT_USAGE = 2


def add_wizard_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `wizard` subcommand's options."""
    wizard = sub.add_parser(
        "wizard",
        help="open the console in the cluster.yaml wizard",
        description="Open the console in the wizard: write a new cluster.yaml from a preset, "
        "edit a file, or update a deployed cluster. ctrl+s saves from any step when the "
        "document has no errors.",
    )
    start = wizard.add_mutually_exclusive_group()
    start.add_argument(
        "--preset", metavar="NAME", help="start from a preset (kubefate-tui new --list)"
    )
    start.add_argument("--from", dest="from_file", metavar="FILE", help="edit this cluster.yaml")
    start.add_argument("--cluster", metavar="NAME", help="update this deployed cluster")
    wizard.add_argument("--out", metavar="FILE", type=Path, help="where ctrl+s saves")
    wizard.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the console with the wizard open; 2 when the file cannot be used."""
    from kubefate_tui.subcommands.console_command import run as run_console

    try:
        opening = _opening(args)
    except ValueError as error:
        print(f"kubefate-tui wizard: {error}", file=sys.stderr)
        return EXIT_USAGE
    return run_console(args, opening=opening)


def _opening(args: argparse.Namespace) -> Callable[[KubefateApp], None]:
    out: Path | None = args.out
    if out is not None and out.exists() and out != _path(args.from_file):
        raise ValueError(f"--out {out}: the file exists; the wizard does not overwrite it")
    if args.from_file:
        start = _file_start(Path(args.from_file), out)
        return lambda app: app.open_wizard(start)
    if args.cluster:
        query: str = args.cluster
        return lambda app: app.edit_cluster_in_wizard(query, out)
    preset: str | None = args.preset
    return lambda app: app.start_new_cluster(preset, save_path=out)


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


def _file_start(path: Path, out: Path | None) -> WizardStartType:
    from backend.drafts.document_file import read_document
    from backend.schema.yaml_bounds import YamlRefused
    from kubefate_tui.state.wizard_start import WizardStart

    try:
        document = read_document(path)
    except YamlRefused as refused:
        raise ValueError(f"{path}: {refused.message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read: {error}") from None
    return WizardStart(document.text, f"file {path.name}", out or path, written_as=document)


if TYPE_CHECKING:
    from kubefate_tui.state.wizard_start import WizardStart as WizardStartType
