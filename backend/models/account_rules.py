"""What a new account's name and password must be: the one statement of these rules, asked by the
accounts code (for the served API and the embedded backend) and by the console's user form.

They hold for accounts created or re-passworded from now on. Accounts that already exist (a users
table moved from KubeFATE, say) log in as they always did, and the admin the operator configures
through `user.username` / `user.password` (FATECLOUD_USER_*) is made exactly as configured:
KubeFATE's manifests set `admin` / `admin`, and a drop-in service must accept what they say.
"""

from __future__ import annotations

import unicodedata
from typing import Final

USERNAME_LIMIT: Final = 255
"""KubeFATE's users table keeps at most 255 characters of a username."""

PASSWORD_MIN_LENGTH: Final = 8
"""Characters a new password needs at least."""


def normalised_username(username: str) -> str:
    """The form a new username is stored in: Unicode NFKC, so that look-alike spellings
    (full-width letters, ligatures, composed and decomposed accents) name one account."""
    return unicodedata.normalize("NFKC", username)


def username_problem(username: str) -> str | None:
    """What is wrong with `username` as a new account's name (judged in its NFKC form), or None."""
    name = normalised_username(username)
    if not name:
        return "username: must not be empty"
    if len(name) > USERNAME_LIMIT:
        return f"username: at most {USERNAME_LIMIT} characters"
    for character in name:
        if character.isspace():
            return "username: must not contain spaces or other whitespace"
        # Categories C*: control, format (bidi overrides, zero-width joiners), surrogates,
        # private use and unassigned: none of them shows as what it is in a log or a table.
        if unicodedata.category(character).startswith("C"):
            return (
                "username: must not contain control or invisible characters "
                f"(U+{ord(character):04X})"
            )
    return None


def password_problem(password: str) -> str | None:
    """What is wrong with `password` as a new password, or None."""
    if not password:
        return "password: must not be empty"
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"password: at least {PASSWORD_MIN_LENGTH} characters"
    return None
