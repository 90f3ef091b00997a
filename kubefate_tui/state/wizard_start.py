"""How the wizard is opened: with what document, saved where, installing or updating what."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend.drafts.document_file import DocumentFile


@dataclass(frozen=True, slots=True)
class WizardStart:
    """The document the wizard starts from.

    `source` says where it came from, for the title ("preset fate", "file cluster.yaml",
    "cluster fate-9999/fate-9999"). `save_path` is where ctrl+s writes without asking (the file
    it was opened from, or `--out`). `updates` names the deployed cluster (namespace, name) an
    update is for; None for a new cluster.
    """

    text: str
    source: str
    save_path: Path | None = None
    updates: tuple[str, str] | None = None
    written_as: DocumentFile | None = None
    """How the file it was read from is written (byte order mark, CRLF), kept when saving it."""
