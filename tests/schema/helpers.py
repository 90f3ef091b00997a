"""Shared paths and small helpers of the schema tests."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from backend.schema.findings import Finding

REPO = Path(__file__).resolve().parents[2]
KUBEFATE = REPO / "tests" / "data" / "kubefate"
V2 = KUBEFATE / "v2.0.0"
V1 = KUBEFATE / "v1.11.2"
DATA = Path(__file__).resolve().parent / "data"

REAL_FILES = sorted(
    path
    for path in [*V2.glob("*.yaml"), *V1.glob("*.yaml")]
    if path.name != "values-template-example.yaml"
)
TEMPLATES = [V2 / "values-template-example.yaml", V1 / "values-template-example.yaml"]

_COMMENT = re.compile(r"^\s*# ")
# The examples document the engine choices in comments such as
# "# Computing : [Eggroll, Spark, Spark_local]"; uncommented they would read as keys.
_DOC_COMMENT = re.compile(r"^(Computing|Federation|Storage|Algorithm|Device)\s*:")
# One commented line of KubeFATE's v1.11.2 slim example lacks the space after ':'
# ("# sslPort:6651"); uncommented it would be a scalar, not a key.
_MISSING_SPACE = re.compile(r"^(\s*[A-Za-z_]+):(\d+)\s*$")


def uncomment(text: str) -> str:
    """KubeFATE's way of reading commented keys as allowed keys (docs/kubefate-behaviour.md
    §5.8, step 3): strip the first '# ' while the line starts with optional spaces and '# ';
    blank lines that contain neither ':' nor '-'. Plus the two fixes above for prose and a typo."""
    lines = []
    for line in text.splitlines():
        was_comment = bool(_COMMENT.match(line))
        while _COMMENT.match(line):
            line = line.replace("# ", "", 1)
        if ":" not in line and "-" not in line:
            line = ""
        if was_comment and _DOC_COMMENT.match(line):
            line = ""
        if was_comment:
            line = _MISSING_SPACE.sub(r"\1: \2", line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def load_uncommented(path: Path) -> object:
    return yaml.safe_load(uncomment(path.read_text()))


def summary(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    return [(f.severity, f.code, f.line, f.column) for f in findings]


def line_of(path: Path, pattern: str) -> int:
    """1-based number of the first line matching `pattern` (a regex)."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not in {path}")


def alias_bomb(levels: int = 7, width: int = 10) -> str:
    """YAML lines where each anchor lists the previous one `width` times: a few hundred bytes
    that expand to ~2 million values (the issue's 9x9 bomb made 300 MB of a 700-byte file).
    Appended to a 9-line document, the bound is crossed at line 16, column 25."""
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"
