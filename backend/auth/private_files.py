"""Files only their owner may read: the JWT signing key and a generated admin password.

Written through a temporary file created 0600 and moved into place, so the content is never
readable by others, not even for a moment, and a crash never leaves half a file. A file that
already exists is trusted only if it belongs to this user and nobody else can write it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import Final

PRIVATE_MODE: Final = 0o600


class UntrustedFile(Exception):
    """The file exists but another user owns it or could have written it."""


def _write_temporary(path: Path, data: bytes) -> Path:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def create_private(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, mode 0600; FileExistsError if it exists (then another
    process made it first, and both should use that one)."""
    temporary = _write_temporary(path, data)
    try:
        os.link(temporary, path)  # fails if the name exists: never overwrites
    finally:
        temporary.unlink(missing_ok=True)


def replace_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, mode 0600, replacing what was there (a symlink at `path` is
    replaced itself, its target left alone)."""
    temporary = _write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_trusted(path: Path, what: str) -> bytes:
    """The bytes of `path` if this user (or root, as sshd's StrictModes allows) owns it and
    nobody else can write it; UntrustedFile (naming `what` the file is, and what to do) if not.
    A file others may read is made private again where that is possible: it is ours, only its
    mode was loosened. The checks are made on the file opened, so a symlink (a Kubernetes
    secret volume's files are symlinks) is judged by what it points to."""
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UntrustedFile(f"{path}: the {what} is not a regular file")
        if status.st_uid not in (os.geteuid(), 0):
            raise UntrustedFile(
                f"{path}: the {what} belongs to user id {status.st_uid}, not to this user "
                f"({os.geteuid()}); whoever owns it could change it. Remove it (a new one is "
                "made at the next start) or give it to this user"
            )
        if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise UntrustedFile(
                f"{path}: the {what} is writable by other users (mode "
                f"{stat.S_IMODE(status.st_mode):04o}), so it may have been replaced. Remove it "
                "(a new one is made at the next start)"
            )
        if status.st_mode & 0o077:
            with contextlib.suppress(OSError):  # e.g. a read-only secret volume
                os.fchmod(handle.fileno(), PRIVATE_MODE)
        return handle.read()
