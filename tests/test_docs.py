"""The repository's documents stay self-contained and the code's references to them stay true.

* No tracked file points at reference material outside the repository (a clone has none of it).
* Every `§N` citation names a section that `docs/kubefate-behaviour.md` really has, and every
  `docs/architecture.md, invariant N` an invariant that `docs/architecture.md` really lists.
* Every path named in architecture.md's "Where to change X" table exists.

Pure file reading: the whole module runs in well under a second.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEHAVIOUR = ROOT / "docs" / "kubefate-behaviour.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Written in two pieces so that this file does not match itself.
OUTSIDE_REFERENCES = (
    "../" + "shared",
    "/work/" + "shared",
    "shared/" + "design.md",
    "shared/" + "notes",
    "kubefate-" + "spec.md",
    "notes/" + "textual.md",
    "notes/" + "kubernetes-and-helm.md",
    "notes/" + "tui-anchors.md",
)
ALLOWED_TO_NAME_OUTSIDE = {"tests/data/kubefate/README.md"}

CITING_FOLDERS = ("backend", "kubefate_tui", "tests", "bench", "docs")
FOREIGN_FOLDERS = ("tests/data/",)  # KubeFATE's own files, copied unchanged
SECTION_CITATION = re.compile(r"§(\d+(?:\.\d+)*)")
SECTION_HEADING = re.compile(r"^#{1,6}\s+§(\d+(?:\.\d+)*)\s", re.MULTILINE)
INVARIANT_CITATION = re.compile(r"docs/architecture\.md,\s+invariant\s+(\d+)")

_UNTRACKED_DIRS = {".git", ".venv", "venv", "__pycache__", "build", "dist", "node_modules"}


def repository_files() -> list[str]:
    """Tracked files (relative, `/`-separated); without git, every file outside caches and venvs."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout.decode()
    except (OSError, subprocess.SubprocessError):
        listing = ""
    if listing:
        return [name for name in listing.split("\0") if name and (ROOT / name).is_file()]
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _UNTRACKED_DIRS and not d.startswith(".")]
        dirs[:] = [d for d in dirs if not d.endswith(".egg-info")]
        found += [(Path(folder) / f).relative_to(ROOT).as_posix() for f in files]
    return found


def text_lines(name: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file; nothing for a binary one."""
    try:
        text = (ROOT / name).read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return
    yield from enumerate(text.splitlines(), start=1)


def behaviour_sections() -> set[str]:
    return set(SECTION_HEADING.findall(BEHAVIOUR.read_text(encoding="utf-8")))


def architecture_invariants() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Invariants", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^(\d+)\. ", section, re.MULTILINE))


def where_to_change_paths() -> list[str]:
    """Backticked repository paths in the rows of architecture.md's "Where to change X" table."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Where to change X", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    paths = []
    for row in rows:
        for token in re.findall(r"`([^`\s]+)`", row):
            if "/" in token and not token.startswith("/"):
                paths.append(token)
    return paths


def test_no_file_points_outside_the_repository() -> None:
    offenders = []
    for name in repository_files():
        if name in ALLOWED_TO_NAME_OUTSIDE:
            continue
        data = (ROOT / name).read_bytes()
        for needle in OUTSIDE_REFERENCES:
            if needle.encode() in data:
                offenders.append(f"{name}: mentions {needle!r}")
    assert offenders == []


def test_every_section_citation_exists() -> None:
    sections = behaviour_sections()
    assert {"1", "1.5.7", "2.10", "3.9", "4.6", "5.8", "6.3", "7.3", "8"} <= sections
    missing = []
    for name in repository_files():
        if not name.startswith(CITING_FOLDERS) or name.startswith(FOREIGN_FOLDERS):
            continue
        for number, line in text_lines(name):
            for section in SECTION_CITATION.findall(line):
                if section not in sections:
                    missing.append(f"{name}:{number}: §{section}")
    assert missing == [], "cited sections missing from docs/kubefate-behaviour.md"


def test_every_invariant_citation_exists() -> None:
    invariants = architecture_invariants()
    assert invariants == {str(n) for n in range(1, 7)}
    missing = []
    for name in repository_files():
        for number, line in text_lines(name):
            for invariant in INVARIANT_CITATION.findall(line):
                if invariant not in invariants:
                    missing.append(f"{name}:{number}: invariant {invariant}")
    assert missing == []


def test_where_to_change_names_real_paths() -> None:
    paths = where_to_change_paths()
    assert len(paths) > 20  # the table was found and read
    missing = [path for path in paths if not any(ROOT.glob(path.rstrip("/")))]
    assert missing == [], "docs/architecture.md names paths that do not exist"
