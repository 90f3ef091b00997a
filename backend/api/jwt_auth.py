"""Who is calling: gin-jwt's token lookup and checks (docs/kubefate-behaviour.md §1.2).

The token is taken from `Authorization: Bearer <token>` (exactly: `Bearer`, one space), then
the `token` query parameter, then the `jwt` cookie; the first non-empty one wins. With none,
gin-jwt reports its last lookup's error: `cookie token is empty`.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import HTTPConnection

from backend.auth import TokenIssuer, TokenRejected

TOKEN_HEAD_NAME = "Bearer"
NO_TOKEN = "cookie token is empty"


class AuthFailure(Exception):
    """The request carries no usable token; `status` and `message` are gin-jwt's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def token_of(connection: HTTPConnection) -> str:
    """The request's token as gin-jwt finds it; "" when there is none."""
    header = connection.headers.get("authorization", "")
    parts = header.split(" ", 1)
    if len(parts) == 2 and parts[0] == TOKEN_HEAD_NAME and parts[1]:
        return parts[1]
    return connection.query_params.get("token") or connection.cookies.get("jwt") or ""


class TokenGuard:
    """Checks tokens with the backend's issuer (looked up per call: it exists once the
    backend has started)."""

    def __init__(self, issuer: Callable[[], TokenIssuer]) -> None:
        self._issuer = issuer

    def identify(self, connection: HTTPConnection) -> str:
        """The username of the caller's token; AuthFailure with gin-jwt's words if none."""
        token = token_of(connection)
        if not token:
            raise AuthFailure(401, NO_TOKEN)
        try:
            return self._issuer().verify(token)
        except TokenRejected as rejected:
            raise AuthFailure(rejected.status, rejected.message) from None
