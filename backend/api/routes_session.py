"""Login and logout (§1.2): gin-jwt's answers, plus a throttle on failed logins."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from backend.api.binding import BindError, bind_user_fields
from backend.api.endpoints import Endpoint
from backend.api.jwt_auth import AuthFailure, TokenGuard, token_of
from backend.api.login_throttle import LoginThrottle
from backend.api.responses import GoJSONResponse, auth_failure
from backend.auth import IssuedToken, LoginFailed
from backend.embedded import EmbeddedBackend
from backend.models.wire import format_time_seconds

MISSING_CREDENTIALS = "missing Username or Password"
INCORRECT_CREDENTIALS = "incorrect Username or Password"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class SessionRoutes:
    def __init__(
        self, backend: EmbeddedBackend, throttle: LoginThrottle, guard: TokenGuard
    ) -> None:
        self.backend = backend
        self.throttle = throttle
        self.guard = guard

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("POST", "/v1/user/login", self.login, protected=False),
            Endpoint("POST", "/v1/user/logout", self.logout, protected=False),
        ]

    async def login(self, request: Request, caller: str) -> Response:
        address = client_address(request)
        wait = self.throttle.begin(address)
        if wait is not None:
            return auth_failure(
                429,
                f"too many failed logins from this address; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        outcome: Callable[[str], None] = self.throttle.abandoned  # no verdict (bad body...)
        try:
            issued = await self._check(bind_user_fields(await request.body()))
            outcome = self.throttle.succeeded
            return GoJSONResponse(
                {"code": 200, "expire": format_time_seconds(issued.expires), "token": issued.token}
            )
        except BindError:
            return auth_failure(401, MISSING_CREDENTIALS)
        except LoginFailed:
            outcome = self.throttle.failed
            return auth_failure(401, INCORRECT_CREDENTIALS)
        finally:
            outcome(address)

    async def _check(self, fields: dict[str, str | None]) -> IssuedToken:
        username, password = fields["username"] or "", fields["password"] or ""
        if not username or not password:
            raise LoginFailed()  # as in KubeFATE, an empty field fails like a wrong one
        return await (await self.backend.ready_accounts()).login(username, password)

    async def logout(self, request: Request, caller: str) -> Response:
        """Always `{"code":200}`, as in KubeFATE; but a valid token sent along (KubeFATE
        ignores it) ends, with every other token of its account (see Accounts.logout)."""
        try:
            token = token_of(request, self.guard.origins)
        except AuthFailure:
            token = ""
        if token:
            await self.backend.accounts.logout(token)
        return GoJSONResponse({"code": 200})
