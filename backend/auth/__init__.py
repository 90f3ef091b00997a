"""Users, password hashes (KubeFATE-compatible PBKDF2) and JWT sessions."""

from backend.auth.accounts import AccountError, Accounts, AdminOutcome, LoginFailed, UserExists
from backend.auth.secret_file import SecretFileError, load_or_create_secret
from backend.auth.tokens import DEFAULT_TOKEN_LIFETIME, IssuedToken, TokenIssuer, TokenRejected

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
    "load_or_create_secret",
]
