"""JWTs as KubeFATE issues them: HS256, claims `id`, `exp`, `orig_iat` (§1.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from backend.auth.token_lifetime import DEFAULT_TOKEN_LIFETIME
from backend.models.wire import now

ALGORITHM = "HS256"


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


class TokenIssuer:
    """Signs and checks tokens with one key (see secret_file.py) and one lifetime."""

    def __init__(self, secret: bytes, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> None:
        if lifetime <= timedelta(0):
            raise ValueError("the token lifetime must be positive")
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, username: str, at: datetime | None = None) -> IssuedToken:
        issued = (at or now()).replace(microsecond=0)
        expires = issued + self.lifetime
        claims = {
            "id": username,
            "exp": int(expires.timestamp()),
            "orig_iat": int(issued.timestamp()),
        }
        token = jwt.encode(claims, self._secret, algorithm=ALGORITHM)
        return IssuedToken(token=token, username=username, expires=expires)

    def verify(self, token: str) -> str:
        """The username the token was issued to; TokenRejected with KubeFATE's wording if not."""
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
        return username
