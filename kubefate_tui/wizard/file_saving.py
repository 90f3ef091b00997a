"""Writing the document: whole or not at all, never over a file the user did not open."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_text(path: Path, text: str, *, replace_ok: bool) -> None:
    """Write `text` to `path` atomically (a temporary file renamed over it), keeping an existing
    file's permissions. Raises FileExistsError when `path` exists and `replace_ok` is False."""
    if path.exists() and not replace_ok:
        raise FileExistsError(17, "the file exists", str(path))
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
