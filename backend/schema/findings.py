"""What the validator reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a cluster.yaml.

    severity: `error` = will not deploy, or deploys something broken; `warning` = suspicious.
    path: YAML path such as `osx.partyList[1].partyId` ("" for the whole document).
    line, column: 1-based; at the key, or at the value when the value is the problem; for a
    missing key at its parent's key (1:1 at top level).
    code: a short stable identifier (`unknown-key`, `type`, `nodeport-range`...).
    """

    severity: Severity
    code: str
    path: str
    line: int
    column: int
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[int, int, int, str, str, str]:
        return (
            self.line,
            self.column,
            0 if self.severity == "error" else 1,
            self.code,
            self.path,
            self.message,
        )

    def compiler_line(self, file: str) -> str:
        """`FILE:LINE:COL: SEVERITY: MESSAGE [PATH]`, as compilers print (editors jump there)."""
        where = f" [{self.path}]" if self.path else ""
        return f"{file}:{self.line}:{self.column}: {self.severity}: {self.message}{where}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (without a file name)."""
        return {
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "message": self.message,
        }


def errors_in(findings: Iterable[Finding]) -> list[Finding]:
    """The errors among `findings`, in their order (what stops a deploy)."""
    return [finding for finding in findings if finding.is_error]


def warnings_in(findings: Iterable[Finding]) -> list[Finding]:
    """The warnings among `findings`, in their order."""
    return [finding for finding in findings if not finding.is_error]
