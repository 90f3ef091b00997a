"""Password hashes that a KubeFATE database would accept (docs/kubefate-behaviour.md §1.2).

KubeFATE stores lowercase hex of PBKDF2-HMAC-SHA256(password, salt, 100000 iterations, 256-byte
key): 512 hex characters, with a 128-character salt drawn from its own alphabet. Keeping the exact
scheme means a users table can move between KubeFATE and us without resetting passwords.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Final

SALT_ALPHABET: Final = "bcdfghjklmnpqrstvwxz2456789"
SALT_LENGTH: Final = 128
ITERATIONS: Final = 100_000
"""KubeFATE's cost. Only tests pass fewer (`iterations=`): such a hash is not one KubeFATE
accepts, but they check everything else about accounts at a thousandth of the CPU."""
KEY_LENGTH: Final = 256


def new_salt() -> str:
    return "".join(secrets.choice(SALT_ALPHABET) for _ in range(SALT_LENGTH))


def hash_password(password: str, salt: str, iterations: int = ITERATIONS) -> str:
    """512 lowercase hex characters. CPU-bound (~0.3 s): call it off the event loop."""
    key = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations, KEY_LENGTH
    )
    return key.hex()


def password_matches(
    password: str, salt: str, expected_hash: str, iterations: int = ITERATIONS
) -> bool:
    """Constant-time comparison of the password's hash with the stored one."""
    return hmac.compare_digest(hash_password(password, salt, iterations), expected_hash.lower())
