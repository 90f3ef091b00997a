"""Users, password hashes (KubeFATE-compatible PBKDF2) and JWT sessions.

Names are imported on first use: the console's settings only need the default token lifetime,
and must not pull in PyJWT and the account code before the first frame.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.auth.accounts import (
        AccountError,
        Accounts,
        AdminOutcome,
        LoginFailed,
        UserExists,
        check_configured_admin,
    )
    from backend.auth.secret_file import SecretFileError, load_or_create_secret
    from backend.auth.token_lifetime import DEFAULT_TOKEN_LIFETIME
    from backend.auth.tokens import IssuedToken, TokenIssuer, TokenRejected

_HOMES = {
    "DEFAULT_TOKEN_LIFETIME": "token_lifetime",
    "AccountError": "accounts",
    "Accounts": "accounts",
    "AdminOutcome": "accounts",
    "IssuedToken": "tokens",
    "LoginFailed": "accounts",
    "SecretFileError": "secret_file",
    "TokenIssuer": "tokens",
    "TokenRejected": "tokens",
    "UserExists": "accounts",
    "check_configured_admin": "accounts",
    "load_or_create_secret": "secret_file",
}

__all__ = [
    "DEFAULT_TOKEN_LIFETIME",
    "AccountError",
    "Accounts",
    "AdminOutcome",
    "IssuedToken",
    "LoginFailed",
    "SecretFileError",
    "TokenIssuer",
    "TokenRejected",
    "UserExists",
    "check_configured_admin",
    "load_or_create_secret",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backend.auth' has no attribute {name!r}")
    return getattr(import_module(f"backend.auth.{home}"), name)
