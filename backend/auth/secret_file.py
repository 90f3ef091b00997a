"""The JWT signing key, kept in a file only its owner can read.

KubeFATE draws a new key at every start, so every token dies with a restart (§1.2). We keep
one key per data folder: tokens stay valid across restarts until they expire.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

SECRET_BYTES = 48
_PRIVATE = 0o600


class SecretFileError(Exception):
    """The key file exists but cannot be used."""


def load_or_create_secret(path: Path) -> bytes:
    """The key stored at `path`, created (mode 0600, atomically) on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _create(path)
    except FileExistsError:
        return _load(path)


def _create(path: Path) -> bytes:
    secret = secrets.token_urlsafe(SECRET_BYTES).encode("ascii")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        # link() fails if another process created the file first: then both use that one.
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return secret


def _load(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Someone loosened it; a readable key lets anyone mint tokens. Tighten, don't refuse.
        path.chmod(_PRIVATE)
    secret = path.read_bytes().strip()
    if len(secret) < 32:
        raise SecretFileError(
            f"{path} holds {len(secret)} bytes, too short for a signing key; delete it and "
            "restart (every token signed with it becomes invalid)"
        )
    return secret
