"""`validate --fix`: old layouts converted in the files named, before they are validated.

Only the files given are touched, each replaced in one step with its permissions kept
(backend/drafts/document_file.py); a file with nothing to convert is not written at all.
Imported only with --fix, so a plain `validate` does not pay for ruamel.yaml.
"""

from __future__ import annotations

from typing import NamedTuple

from backend.drafts.cluster_draft import ClusterDraft, DraftError
from backend.drafts.document_file import NotWritable, read_document, replace_document
from backend.drafts.layout_conversion import LayoutChange, convert_layout
from backend.schema.yaml_bounds import YamlRefused
from kubefate_tui.formatting.read_error_text import read_error_reason


class FixOutcome(NamedTuple):
    """What --fix did to one file."""

    changes: list[LayoutChange]
    written: bool
    problem: str | None = None
    """Why a file with something to convert was left unchanged."""

    @property
    def fixed(self) -> int:
        return sum(change.converted for change in self.changes) if self.written else 0


def fix_file(name: str) -> FixOutcome:
    """Convert the old layout of the file `name` and write it back when anything changed.

    A file that cannot be read or is not a YAML map is left to the validator, which says why."""
    try:
        document = read_document(name)
        draft = ClusterDraft.from_text(document.text)
    except (OSError, UnicodeDecodeError, YamlRefused, DraftError):
        return FixOutcome([], False)
    changes = convert_layout(draft)
    if not any(change.converted for change in changes):
        return FixOutcome(changes, False)
    try:
        replace_document(name, document.encoded(draft.text()))
    except NotWritable as refused:
        return FixOutcome(changes, False, refused.reason)
    except OSError as error:
        return FixOutcome(changes, False, f"cannot write it: {read_error_reason(error)}")
    return FixOutcome(changes, True)


def change_line(name: str, change: LayoutChange) -> str:
    """`FILE:LINE: fixed: modules[0]: rollsite → osx`, as compilers print (editors jump)."""
    where = f"{name}:{change.line}" if change.line else name
    return f"{where}: {'fixed' if change.converted else 'not fixed'}: {change.message}"


def change_record(name: str, change: LayoutChange) -> dict[str, object]:
    """The JSON form of one change."""
    return {
        "file": name,
        "line": change.line,
        "path": change.path,
        "old_path": change.old_path,
        "fixed": change.converted,
        "message": change.message,
    }
