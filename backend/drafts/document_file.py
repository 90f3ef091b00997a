"""A cluster.yaml file read for editing and written back in one step.

The text is read as `validate` reads it (bounded, UTF-8, a byte order mark accepted) and given
as `\\n` lines; writing puts back the mark and `\\r\\n` endings the file had. The new text goes
to a temporary file beside the old one, with its permissions, and replaces it in one rename:
a crash or a full disk leaves the old file whole, never half a document.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple

_BOM = "\ufeff"


class NotWritable(Exception):
    """A file that is not rewritten on purpose; `reason` says why, in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DocumentFile(NamedTuple):
    """A file's text (`\\n` line ends, no byte order mark) and how to write it back."""

    text: str
    bom: bool = False
    crlf: bool = False

    def encoded(self, text: str) -> bytes:
        """`text` as this file writes it."""
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return ((_BOM if self.bom else "") + text).encode("utf-8")


def read_document(path: str | os.PathLike[str]) -> DocumentFile:
    """The document in `path`. Raises OSError (missing, a directory...), UnicodeDecodeError, or
    the schema's YamlRefused for a file too large to be a cluster.yaml."""
    from backend.schema.yaml_bounds import read_document_bytes

    with open(path, "rb") as handle:
        text = read_document_bytes(handle).decode("utf-8")
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    crlf = "\r\n" in text
    return DocumentFile(text.replace("\r\n", "\n") if crlf else text, bom, crlf)


def replace_document(path: str | os.PathLike[str], data: bytes) -> None:
    """Make `path` hold `data`, keeping its permission bits. Raises NotWritable for a file that
    should not be rewritten (read-only, a link, not a regular file) and OSError when the
    folder refuses the new file; in both cases the file is unchanged."""
    target = Path(path)
    status = _rewritable(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            _same_owner(out.fileno(), status)
            os.fchmod(out.fileno(), stat.S_IMODE(status.st_mode))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


NEW_FILE_MODE = 0o644
"""A new cluster.yaml is readable by all (presets and plans hold no secret)."""


def write_new_document(path: str | os.PathLike[str], text: str, *, replace: bool = False) -> None:
    """Write `text` to `path` (mode 0644) in one step: a temporary file beside it, moved into
    place, so no reader ever sees half a file. Without `replace` an existing file is never
    touched, even one created meanwhile (FileExistsError). OSError when it cannot be written."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, NEW_FILE_MODE)  # the umask may have taken bits away
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the name exists: never overwrites
    finally:
        temporary.unlink(missing_ok=True)


def _same_owner(handle: int, status: os.stat_result) -> None:
    """The new file gets the old one's owner and group where the system lets us (root may;
    others may keep a group they belong to): fixing a user's file as root must not hand it
    to root."""
    if (status.st_uid, status.st_gid) == (os.geteuid(), os.getegid()):
        return
    with contextlib.suppress(PermissionError):
        os.fchown(handle, status.st_uid, status.st_gid)


def _rewritable(target: Path) -> os.stat_result:
    """`target`'s status, once it is known to be a file we may replace (NotWritable if not).

    The write bits are read rather than asked of the system: root may write anything, but a
    file its owner made read-only is not for a fixer to change."""
    if target.is_symlink():
        # Rewriting through the link would change another file than the one named; replacing
        # the link would turn it into a copy. Neither is what `--fix FILE` asks.
        raise NotWritable(f"it is a symbolic link to {os.readlink(target)}; fix that file instead")
    status = target.stat()
    if stat.S_ISDIR(status.st_mode):
        raise NotWritable("is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise NotWritable("not a regular file")
    if status.st_nlink > 1:
        # A new file in its place would leave the other names holding the old text.
        raise NotWritable(f"the file has {status.st_nlink} names (hard links)")
    if not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise NotWritable(f"the file is read-only (mode {stat.S_IMODE(status.st_mode):04o})")
    if not os.access(target, os.W_OK):
        raise NotWritable("you may not write to it")
    return status
