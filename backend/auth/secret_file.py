"""The JWT signing key, kept in a file only its owner can read.

KubeFATE draws a new key at every start, so every token dies with a restart (§1.2). We keep
one key per data folder: tokens stay valid across restarts until they expire. Whoever can
write the key can mint tokens for any account, so a key file another user owns or may write is
refused, never used.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from backend.auth.private_files import UntrustedFile, create_private, read_trusted

SECRET_BYTES = 48


class SecretFileError(Exception):
    """The key file exists but cannot be used."""


def load_or_create_secret(path: Path) -> bytes:
    """The key stored at `path`, created (mode 0600, atomically) on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(SECRET_BYTES).encode("ascii")
    try:
        create_private(path, secret)
    except FileExistsError:
        return _load(path)
    return secret


def _load(path: Path) -> bytes:
    try:
        secret = read_trusted(path, "JWT signing key").strip()
    except UntrustedFile as error:
        raise SecretFileError(str(error)) from None
    if len(secret) < 32:
        raise SecretFileError(
            f"{path} holds {len(secret)} bytes, too short for a signing key; delete it and "
            "restart (every token signed with it becomes invalid)"
        )
    return secret
