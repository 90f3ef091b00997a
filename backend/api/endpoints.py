"""The route table's entries, and the one wrapper every HTTP handler runs in.

A handler only translates HTTP to a backend call and back. The wrapper checks the token (on
routes KubeFATE protects) and turns every failure into its response shape, so handlers never
catch anything themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.binding import BindError
from backend.api.body_limits import BodyTooLarge
from backend.api.jwt_auth import AuthFailure, TokenGuard
from backend.api.responses import (
    ApiError,
    auth_failure,
    error_response,
    failure_response,
)
from backend.errors import BackendError
from backend.store import StoreError

CLIENT_LEFT = "the client closed the connection before the whole request body arrived"

#: A handler gets the request and the caller's username ("" on unprotected routes).
Handler = Callable[[Request, str], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str  # KubeFATE's form; the other slash form is served too
    handler: Handler
    protected: bool = True
    not_found_text: str | None = None  # KubeFATE's fixed words for "no such record"


def slash_forms(path: str) -> list[str]:
    """The path with and without its trailing slash (gin redirects between them; we serve
    both, so no client depends on following a redirect)."""
    bare = path.rstrip("/")
    return [bare + "/"] if not bare else [bare, bare + "/"]


def _run(endpoint: Endpoint, guard: TokenGuard) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            caller = await guard.identify(request) if endpoint.protected else ""
            return await endpoint.handler(request, caller)
        except AuthFailure as failure:
            return auth_failure(failure.status, failure.message)
        except BodyTooLarge as error:
            return error_response(413, str(error))
        except ClientDisconnect:
            # Nobody will read the answer; it is for the access log, which would otherwise
            # see an unhandled error (500 and a traceback) for what is the client's doing.
            return error_response(400, CLIENT_LEFT)
        except BindError as error:
            return error_response(400, str(error))
        except ApiError as error:
            return error_response(error.status, error.text, error.headers)
        except (BackendError, StoreError) as error:
            return failure_response(error, not_found_text=endpoint.not_found_text)

    run.__name__ = getattr(endpoint.handler, "__name__", "endpoint")
    return run


def http_routes(endpoints: Iterable[Endpoint], guard: TokenGuard) -> list[Route]:
    routes = []
    for endpoint in endpoints:
        run = _run(endpoint, guard)
        for path in slash_forms(endpoint.path):
            routes.append(Route(path, run, methods=[endpoint.method], include_in_schema=False))
    return routes
