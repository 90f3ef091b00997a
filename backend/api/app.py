"""The served KubeFATE REST API v1 (docs/kubefate-behaviour.md §1) over an embedded backend.

`create_app` assembles the route table of §1.4 (every path in both slash forms), the token
guard, body limits, the login throttle and our own access log. Where we answer differently
from the Go service, docs/kubefate-compatibility.md says how and why.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from backend.api.access_log import AccessLogMiddleware
from backend.api.body_limits import BodyLimitMiddleware, BodyTooLarge
from backend.api.change_feed import ChangeFeed
from backend.api.endpoints import Endpoint, http_routes
from backend.api.feed_header import FeedHeaderMiddleware
from backend.api.jwt_auth import TokenGuard
from backend.api.login_throttle import LoginThrottle
from backend.api.options import ApiOptions
from backend.api.origin_policy import OriginPolicy
from backend.api.responses import error_response, gin_not_found
from backend.api.routes_charts import ChartRoutes
from backend.api.routes_clusters import ClusterRoutes
from backend.api.routes_feed import FeedRoutes
from backend.api.routes_jobs import JobRoutes
from backend.api.routes_logs import LogRoutes
from backend.api.routes_service import ServiceRoutes
from backend.api.routes_session import SessionRoutes
from backend.api.routes_users import UserRoutes
from backend.embedded import EmbeddedBackend


async def _not_found(request: Request, exc: Exception) -> Response:
    # gin answers an unknown method on a known path with 404 too (HandleMethodNotAllowed off).
    return gin_not_found()


async def _too_large(request: Request, exc: Exception) -> Response:
    return error_response(413, str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    # gin's Recovery: status 500, empty body. (The traceback goes to the server's error log.)
    return Response(b"", status_code=500)


def create_app(backend: EmbeddedBackend, options: ApiOptions | None = None) -> Starlette:
    """The ASGI app; `backend` must be started before the first request.

    `app.state.endpoints` is the route table (every HTTP route of §1.4 in KubeFATE's slash
    form; the WebSocket log route comes with its HTTP twin; the extension routes when
    `options.change_feed`). `app.state.close_streams()` ends the change feed's streams.
    """
    options = options or ApiOptions()
    guard = TokenGuard(lambda: backend.accounts, OriginPolicy(options.allowed_origins))
    throttle = LoginThrottle(
        options.login_max_failures, options.login_window_seconds, options.clock
    )
    logs = LogRoutes(backend, guard)
    feed = (
        ChangeFeed(backend.events, capacity=options.feed_capacity) if options.change_feed else None
    )
    endpoints: list[Endpoint] = [
        *ServiceRoutes(backend).endpoints(),
        *SessionRoutes(backend, throttle, guard).endpoints(),
        *UserRoutes(backend).endpoints(),
        *ClusterRoutes(backend).endpoints(),
        *JobRoutes(backend).endpoints(),
        *ChartRoutes(backend).endpoints(),
        *logs.endpoints(),
    ]
    if feed is not None:
        endpoints += FeedRoutes(backend, feed, options.feed_keepalive_seconds).endpoints()
    routes: list[BaseRoute] = [*http_routes(endpoints, guard), *logs.websocket_routes()]
    announce = [Middleware(FeedHeaderMiddleware, feed=feed)] if feed is not None else []
    app = Starlette(
        routes=routes,
        middleware=[
            *announce,
            Middleware(AccessLogMiddleware),
            Middleware(
                BodyLimitMiddleware,
                default_limit=options.json_body_limit,
                upload_limit=options.upload_body_limit,
            ),
        ],
        exception_handlers={
            404: _not_found,
            405: _not_found,
            BodyTooLarge: _too_large,
            Exception: _server_error,
        },
    )
    app.router.redirect_slashes = False  # both forms are routes; nothing to redirect
    app.state.endpoints = endpoints
    # Called by ApiServer as it stops: feed streams never end by themselves.
    app.state.close_streams = feed.close if feed is not None else _nothing
    return app


def _nothing() -> None:
    return None
