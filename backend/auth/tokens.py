"""JWTs as KubeFATE issues them: HS256, claims `id`, `exp`, `orig_iat` (§1.2), plus `gen`,
the account's token generation at issue time (KubeFATE's tokens cannot be revoked; ours end when
the account logs out, changes its password or is deleted: see accounts.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from backend.auth.token_lifetime import DEFAULT_TOKEN_LIFETIME
from backend.models.wire import now

ALGORITHM = "HS256"
GENERATION_CLAIM = "gen"
NO_LONGER_VALID = "token is no longer valid (logged out, password changed or user deleted)"


def new_token_generation() -> str:
    """A fresh generation: random, so an account re-created under the same name never accepts
    the tokens of the one deleted before it."""
    return secrets.token_hex(16)


class TokenRejected(Exception):
    """The token cannot be used; `status` is the HTTP status KubeFATE answers with."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    username: str
    expires: datetime


@dataclass(frozen=True, slots=True)
class SignedClaims:
    """What a correctly signed, unexpired token says; whether its account still accepts it is
    for `Accounts.authenticate` to decide."""

    username: str
    generation: str


class TokenIssuer:
    """Signs and checks tokens with one key (see secret_file.py) and one lifetime."""

    def __init__(self, secret: bytes, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> None:
        if lifetime <= timedelta(0):
            raise ValueError("the token lifetime must be positive")
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, username: str, generation: str, at: datetime | None = None) -> IssuedToken:
        """A token for `username`, valid while the account's token generation is `generation`."""
        issued = (at or now()).replace(microsecond=0)
        expires = issued + self.lifetime
        claims = {
            "id": username,
            "exp": int(expires.timestamp()),
            "orig_iat": int(issued.timestamp()),
            GENERATION_CLAIM: generation,
        }
        token = jwt.encode(claims, self._secret, algorithm=ALGORITHM)
        return IssuedToken(token=token, username=username, expires=expires)

    def verify(self, token: str) -> SignedClaims:
        """Who the token was issued to, and with which generation; TokenRejected with
        KubeFATE's wording if it is not correctly signed and unexpired."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={"require": ["exp"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRejected("Token is expired") from None
        except jwt.MissingRequiredClaimError:
            raise TokenRejected("missing exp field", status=400) from None
        except jwt.InvalidSignatureError:
            raise TokenRejected("signature is invalid") from None
        except jwt.DecodeError as error:
            if "exp" in str(error).lower():
                raise TokenRejected("exp must be float64 format", status=400) from None
            raise TokenRejected(f"token is malformed: {error}") from None
        except jwt.InvalidTokenError as error:
            raise TokenRejected(str(error)) from None
        username = claims.get("id")
        if not isinstance(username, str) or not username:
            # KubeFATE panics here (500); refusing is the correct, same-meaning answer (§1.2).
            raise TokenRejected("you don't have permission to access this resource", status=403)
        generation = claims.get(GENERATION_CLAIM)
        if not isinstance(generation, str) or not generation:
            raise TokenRejected(NO_LONGER_VALID)  # issued before generations existed
        return SignedClaims(username, generation)
