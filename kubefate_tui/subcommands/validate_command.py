"""`kubefate-tui validate FILE...`: check cluster.yaml files and print findings like a compiler.

stdout carries only findings (one `FILE:LINE:COL: SEVERITY: MESSAGE [PATH]` line each, or one
JSON array with --format json), so it can be piped into editors and scripts; the summary line
and unreadable-file messages go to stderr.

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 at least one file could not
be read (2 wins over 1). `-` reads standard input.

Imports only the standard library and the schema package (PyYAML): no Textual, Kubernetes or
Helm, so it starts about as fast as `python -c "import yaml"`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from backend.schema.findings import Finding
from backend.schema.validator import validate_file, validate_text
from backend.schema.yaml_bounds import YAML_BOUNDS
from kubefate_tui.formatting.read_error_text import read_error_reason

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _check(name: str) -> list[Finding]:
    if name == "-":
        # One character past the bound is enough for the validator to refuse a huge input.
        return validate_text(sys.stdin.read(YAML_BOUNDS.max_chars + 1))
    return validate_file(name)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Validate args.files; print findings in args.format ("text" or "json")."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    files: list[str] = list(args.files)
    as_json = getattr(args, "format", "text") == "json"
    records: list[dict[str, object]] = []
    errors = warnings = unreadable = 0
    for name in files:
        try:
            findings = _check(name)
        except (OSError, UnicodeDecodeError) as error:
            unreadable += 1
            print(f"{name}: cannot read: {read_error_reason(error)}", file=stderr)
            continue
        for finding in findings:
            if finding.severity == "error":
                errors += 1
            else:
                warnings += 1
            if as_json:
                records.append({"file": name, **finding.to_dict()})
            else:
                print(finding.compiler_line(name), file=stdout)
    if as_json:
        import json

        json.dump(records, stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
    summary = (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"in {_plural(len(files), 'file')}"
    )
    if unreadable:
        summary += f" ({unreadable} unreadable)"
    print(summary, file=stderr)
    stdout.flush()
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if errors else EXIT_OK
