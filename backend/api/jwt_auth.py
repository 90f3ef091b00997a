"""Who is calling: gin-jwt's token lookup and checks (docs/kubefate-behaviour.md §1.2), plus
ours: the token must still be valid for its account, and a cookie counts only from our origin.

The token is taken from `Authorization: Bearer <token>` (exactly: `Bearer`, one space), then
the `token` query parameter, then the `jwt` cookie; the first non-empty one wins. With none,
gin-jwt reports its last lookup's error: `cookie token is empty`.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import HTTPConnection

from backend.api.origin_policy import OriginPolicy
from backend.auth import Accounts, TokenRejected

TOKEN_HEAD_NAME = "Bearer"
NO_TOKEN = "cookie token is empty"
FOREIGN_COOKIE = (
    "the jwt cookie is accepted only from this service's own origin: send the token in "
    "an Authorization: Bearer header"
)


class AuthFailure(Exception):
    """The request carries no usable token; `status` and `message` are gin-jwt's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def token_of(connection: HTTPConnection, origins: OriginPolicy) -> str:
    """The request's token as gin-jwt finds it; "" when there is none. A `jwt` cookie counts
    only with an `Origin` the policy allows (a browser sends the cookie for any site's page:
    see origin_policy.py); AuthFailure if it is the only token and the origin is not."""
    header = connection.headers.get("authorization", "")
    parts = header.split(" ", 1)
    if len(parts) == 2 and parts[0] == TOKEN_HEAD_NAME and parts[1]:
        return parts[1]
    token = connection.query_params.get("token") or ""
    if token:
        return token
    cookie = connection.cookies.get("jwt") or ""
    if cookie and not origins.allows(connection):
        raise AuthFailure(401, FOREIGN_COOKIE)
    return cookie


class TokenGuard:
    """Checks tokens with the backend's accounts (looked up per call: they exist once the
    backend has started), against the account as it is at this request."""

    def __init__(self, accounts: Callable[[], Accounts], origins: OriginPolicy) -> None:
        self._accounts = accounts
        self.origins = origins

    async def identify(self, connection: HTTPConnection) -> str:
        """The username of the caller's token; AuthFailure with gin-jwt's words if none."""
        token = token_of(connection, self.origins)
        if not token:
            raise AuthFailure(401, NO_TOKEN)
        try:
            return await self._accounts().authenticate(token)
        except TokenRejected as rejected:
            raise AuthFailure(rejected.status, rejected.message) from None
