"""`kubefate-tui new`: a cluster.yaml from a preset, without a screen (scripts, CI).

    kubefate-tui new [--preset NAME] [--set KEY=VALUE]... [-o FILE [--force]]
    kubefate-tui new --list

`--set` takes schema paths (`partyId=10000`, `osx.partyList[0].partyIp=10.0.0.2`) and is
applied in order, so the same key twice keeps the last value. The document is then checked
by the validator and its findings printed exactly as `validate` prints them: with an error
nothing is written; warnings are printed and the file is written. Without `-o` the YAML goes to
standard output and findings to standard error (the YAML stays clean); with `-o` findings go to
standard output, where `validate` prints them.

Exit status, as `validate`'s: 0 written (warnings allowed), 1 errors in the document or a
refused `--set`, 2 no such preset, or FILE exists (without `--force`) or cannot be written.

Imports only the presets, the drafts and the schema: no Textual, Kubernetes or Helm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from backend.drafts.assignments import AssignmentError, apply_assignments
from backend.drafts.cluster_draft import ClusterDraft
from backend.presets import DEFAULT_PRESET, PRESETS, Preset, UnknownPreset, preset_named
from kubefate_tui.formatting.read_error_text import read_error_reason
from kubefate_tui.subcommands.validate_command import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    print_findings,
    summary_line,
)


class OutputRefused(Exception):
    """FILE cannot be written; the message says why."""


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """List the presets, or write the one `args.preset` names with `args.assignments` applied."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    if args.list:
        list_presets(stdout)
        return EXIT_OK
    try:
        preset = preset_named(args.preset or DEFAULT_PRESET)
    except UnknownPreset as unknown:
        print(f"kubefate-tui new: {unknown}", file=stderr)
        return EXIT_UNREADABLE
    draft = ClusterDraft.from_text(preset.text())
    try:
        apply_assignments(draft, list(args.assignments))
    except AssignmentError as refused:
        print(f"--set {refused}", file=stderr)
        print("nothing written", file=stderr)
        return EXIT_ERRORS
    return _check_and_write(draft, preset, args, stdout, stderr)


def list_presets(out: TextIO) -> None:
    """One line per preset, default first: name, title, when to pick it."""
    width = max(len(preset.name) for preset in PRESETS)
    for preset in PRESETS:
        print(f"{preset.name:<{width}}  {preset.title}. {preset.when}", file=out)


def _check_and_write(
    draft: ClusterDraft, preset: Preset, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    output: str | None = args.output
    name = output if output else f"preset {preset.name}"
    # With -o standard output is free, and findings go there as `validate` prints them.
    errors, warnings = print_findings(name, draft.findings(), out if output else err)
    print(summary_line(errors, warnings, 1), file=err)
    if errors:
        print("nothing written", file=err)
        return EXIT_ERRORS
    if not output:
        out.write(draft.text())
        return EXIT_OK
    try:
        write_new_file(Path(output), draft.text(), replace=args.force)
    except OutputRefused as refused:
        print(f"{output}: {refused}", file=err)
        return EXIT_UNREADABLE
    print(f"wrote {output} (preset {preset.name})", file=err)
    return EXIT_OK


def write_new_file(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path` in one step (backend/drafts/document_file.py); without `replace`
    an existing file is never touched. OutputRefused says why it cannot be written."""
    from backend.drafts.document_file import write_new_document

    try:
        write_new_document(path, text, replace=replace)
    except FileExistsError:
        raise OutputRefused("already exists; use --force to replace it") from None
    except OSError as error:
        raise OutputRefused(f"cannot write: {read_error_reason(error)}") from None
