"""`kubefate-tui validate FILE...`: check cluster.yaml files and print findings like a compiler.

stdout carries only findings (one `FILE:LINE:COL: SEVERITY: MESSAGE [PATH]` line each, or one
JSON array with --format json), so it can be piped into editors and scripts; the summary line
and unreadable-file messages go to stderr.

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 at least one file could not
be read, or with --fix not be rewritten (2 wins over 1). `-` reads standard input.

`--fix` first converts old layouts (the v1 `rollsite` layout under a v2 chart) in each file
named, printing `FILE:LINE: fixed: ...` for each change, then validates the file as written.

Imports only the standard library and the schema package (PyYAML): no Textual, Kubernetes or
Helm, so it starts about as fast as `python -c "import yaml"`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from backend.schema.findings import Finding
from backend.schema.validator import validate_file, validate_text
from backend.schema.yaml_bounds import YAML_BOUNDS
from kubefate_tui.formatting.read_error_text import read_error_reason
from kubefate_tui.subcommands.collector_pause import collector_off

if TYPE_CHECKING:
    from kubefate_tui.subcommands.validate_fix import FixOutcome

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _check(name: str) -> list[Finding]:
    if name == "-":
        # One character past the bound is enough for the validator to refuse a huge input.
        return validate_text(sys.stdin.read(YAML_BOUNDS.max_chars + 1))
    return validate_file(name)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def count_findings(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings) among `findings`."""
    errors = sum(1 for finding in findings if finding.is_error)
    return errors, len(findings) - errors


def print_findings(name: str, findings: list[Finding], out: TextIO) -> tuple[int, int]:
    """Print `findings` of the document called `name` as compiler lines; (errors, warnings).
    `kubefate-tui new` prints through this too, so both commands read the same."""
    for finding in findings:
        print(finding.compiler_line(name), file=out)
    return count_findings(findings)


def summary_line(errors: int, warnings: int, files: int, unreadable: int = 0) -> str:
    """`2 errors, 1 warning in 3 files`, the last line `validate` prints (on stderr)."""
    summary = (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
    )
    return summary + (f" ({unreadable} unreadable)" if unreadable else "")


class _Report:
    """What is printed, and the counts the summary and the exit status come from."""

    def __init__(self, stdout: TextIO, stderr: TextIO, as_json: bool) -> None:
        self.stdout, self.stderr, self.as_json = stdout, stderr, as_json
        self.records: list[dict[str, object]] = []
        self.fixes: list[dict[str, object]] = []
        self.errors = self.warnings = self.unreadable = 0
        self.fixed = self.fixed_files = self.unfixed = 0

    def findings(self, name: str, findings: list[Finding]) -> None:
        if self.as_json:
            self.records += [{"file": name, **finding.to_dict()} for finding in findings]
            errors, warnings = count_findings(findings)
        else:
            errors, warnings = print_findings(name, findings, self.stdout)
        self.errors += errors
        self.warnings += warnings

    def fix(self, name: str, outcome: FixOutcome) -> None:
        from kubefate_tui.subcommands.validate_fix import change_line, change_record

        if outcome.problem is not None:
            self.unfixed += 1
            print(f"{name}: not fixed: {outcome.problem}; nothing was changed", file=self.stderr)
            return
        self.fixed += outcome.fixed
        self.fixed_files += 1 if outcome.fixed else 0
        for change in outcome.changes:
            if self.as_json:
                self.fixes.append(change_record(name, change))
            else:
                print(change_line(name, change), file=self.stdout)

    def finish(self, files: int, fix: bool) -> int:
        if self.as_json:
            import json

            shown: object = {"fixed": self.fixes, "findings": self.records} if fix else self.records
            json.dump(shown, self.stdout, indent=2, ensure_ascii=False)
            self.stdout.write("\n")
        summary = summary_line(self.errors, self.warnings, files, self.unreadable)
        if fix and self.fixed:
            summary += (
                f"; fixed {_plural(self.fixed, 'place')} in {_plural(self.fixed_files, 'file')}"
            )
        elif fix:
            summary += "; nothing fixed"
            if self.unfixed:
                summary += f", {_plural(self.unfixed, 'file')} left unchanged"
        print(summary, file=self.stderr)
        self.stdout.flush()
        if self.unreadable or self.unfixed:
            return EXIT_UNREADABLE
        return EXIT_ERRORS if self.errors else EXIT_OK


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Validate args.files; print findings in args.format ("text" or "json").

    With args.fix, old layouts are converted in each file first (printing each change), and
    the file as written is what gets validated."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    files: list[str] = list(args.files)
    fix = bool(getattr(args, "fix", False))
    if fix and "-" in files:
        print(
            "validate: --fix rewrites the files it is given; standard input (-) cannot be "
            "rewritten: save it to a file first",
            file=stderr,
        )
        return EXIT_UNREADABLE
    report = _Report(stdout, stderr, getattr(args, "format", "text") == "json")
    for name in files:
        if fix:
            from kubefate_tui.subcommands.validate_fix import fix_file

            report.fix(name, fix_file(name))
        try:
            with collector_off():  # tens of thousands of nodes for a large file, no cycles
                findings = _check(name)
        except (OSError, UnicodeDecodeError) as error:
            report.unreadable += 1
            print(f"{name}: cannot read: {read_error_reason(error)}", file=stderr)
            continue
        report.findings(name, findings)
    return report.finish(len(files), fix)
