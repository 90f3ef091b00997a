"""One HTTP session with a KubeFATE service: transport, login, token cache, retries.

* Canonical paths only, no redirect following (docs/kubefate-behaviour.md §1.1): the caller passes
  the exact route of §1.4.
* Tokens (§1.2): logged in lazily, cached, renewed shortly before `expire` and after any 401
  (tokens die whenever the Go service restarts: its key is random per process). The request
  that met the 401 is sent once more with the new token.
* Retries: an idempotent request (GET, and the login) is retried with exponential back-off
  after transport failures and proxy 502/503/504 answers, a bounded number of times within a
  bounded time per call. A request with effects (POST/PUT/DELETE) is sent again only when the
  connection failed before anything was sent (connect error or connect timeout).
* Every outcome updates the ConnectionMonitor, so the console can show whether the service
  answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from typing import Any

import httpx

from backend.errors import AuthenticationFailed, Unavailable
from backend.feed_wire import FEED_AT_HEADER, FEED_HEADER
from backend.models.wire import WireFormatError, field, now, parse_time
from backend.remote.connection_state import ConnectionMonitor
from backend.remote.remote_settings import RemoteSettings
from backend.remote.response_reading import (
    answered_by_a_proxy,
    decode_json,
    read_answer,
    service_message,
)
from backend.remote.transport_failures import PERSISTENT, explain

LOGIN_PATH = "/v1/user/login"
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
KUBEFATE_TOKEN_LIFETIME = timedelta(minutes=30)  # when the login answer has no usable expire


def _package_version() -> str:
    try:
        return metadata.version("kubefate-tui")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"kubefate-tui/{_package_version()}"

QueryParams = Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class CachedToken:
    token: str
    username: str
    expires: datetime  # as the service stated it
    renew_at: float  # time.monotonic() after which we log in again


def http_timeout(settings: RemoteSettings) -> httpx.Timeout:
    return httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)


def new_http_client(
    settings: RemoteSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """An httpx client for the service: base URL, user agent, timeouts, TLS, no redirects."""
    return httpx.AsyncClient(
        base_url=settings.base_url,
        headers={"user-agent": USER_AGENT},
        timeout=http_timeout(settings),
        verify=settings.ssl_context(),
        follow_redirects=False,
        transport=transport,
    )


class HttpSession:
    """Requests to one KubeFATE service as one user."""

    def __init__(
        self,
        settings: RemoteSettings,
        *,
        monitor: ConnectionMonitor | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.monitor = monitor or ConnectionMonitor()
        self.username = settings.username
        self._password = settings.password
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._token: CachedToken | None = None
        self._login_lock = asyncio.Lock()
        self.logins = 0  # how many times we logged in (for the curious and for tests)
        # The change feed's path, as the service's last answer announced it ("" without).
        self.feed_path = ""
        self.feed_at = ""
        """The feed's position when the service received the last request answered."""

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = new_http_client(self.settings, transport=self._transport)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def note_answer(self, response: httpx.Response) -> None:
        """Remember whether the service that answered has the change feed (feed_follower.py):
        every answer says so, so a restart with it switched on or off is noticed at once."""
        self.feed_path = response.headers.get(FEED_HEADER, "")
        at = response.headers.get(FEED_AT_HEADER)
        if not self.feed_path:
            self.feed_at = ""
        elif at:  # only answers with data carry it; a refusal keeps the last one known
            self.feed_at = at

    # --- tokens ----------------------------------------------------------------------------
    async def login(self, username: str, password: str) -> CachedToken:
        """Log in as `username`; from now on the session acts as that user."""
        async with self._login_lock:
            token = await self._login(username, password)
            self.username, self._password, self._token = username, password, token
            return token

    async def token(self) -> str:
        """A valid token: the cached one, or a fresh login when it is about to expire."""
        cached = self._token
        if cached is not None and time.monotonic() < cached.renew_at:
            return cached.token
        async with self._login_lock:
            cached = self._token
            if cached is not None and time.monotonic() < cached.renew_at:
                return cached.token
            self._token = await self._login(self.username, self._password)
            return self._token.token

    async def forget(self, stale: str) -> None:
        """Drop `stale` (the service refused it), unless another call already replaced it."""
        async with self._login_lock:
            if self._token is not None and self._token.token == stale:
                self._token = None

    async def _login(self, username: str, password: str) -> CachedToken:
        response = await self.send(
            "POST",
            LOGIN_PATH,
            json={"username": username, "password": password},
            authenticated=False,
            retry_safe=True,  # a login changes nothing: sending it twice is harmless
        )
        received = time.monotonic()
        if response.status_code == 401:
            message = "incorrect Username or Password"
            with contextlib.suppress(Unavailable):
                message = service_message(decode_json(response)) or message
            raise AuthenticationFailed(
                f"the KubeFATE service at {self.base_url} refused user {username!r} ({message}): "
                "check the username and password (user.username and user.password in "
                "config.yaml, or FATECLOUD_USER_USERNAME and FATECLOUD_USER_PASSWORD)"
            )
        body = read_answer(response, what=f"log in to {self.base_url} as {username!r}")
        token = field(body, "token") if isinstance(body, Mapping) else None
        if not isinstance(token, str) or not token:
            raise Unavailable(
                f"{LOGIN_PATH} at {self.base_url} answered without a token; is this KubeFATE?"
            )
        self.logins += 1
        expires, lifetime = self._lifetime(field(body, "expire"), response)
        margin = self.settings.relogin_margin.total_seconds()
        seconds = lifetime.total_seconds()
        usable = max(seconds - margin, seconds / 2)
        return CachedToken(token, username, expires, received + usable)

    @staticmethod
    def _lifetime(expire: Any, response: httpx.Response) -> tuple[datetime, timedelta]:
        """When the token expires, and how long from now, measured on the service's clock
        (its `Date` header) so that a skewed local clock does not matter."""
        service_now = now()
        date_header = response.headers.get("date")
        if date_header:
            with contextlib.suppress(TypeError, ValueError):
                service_now = email.utils.parsedate_to_datetime(date_header)
        try:
            expires = parse_time(expire)
        except WireFormatError:
            expires = None
        if expires is None:
            return service_now + KUBEFATE_TOKEN_LIFETIME, KUBEFATE_TOKEN_LIFETIME
        return expires, max(expires - service_now, timedelta(0))

    # --- requests --------------------------------------------------------------------------
    async def send(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        json: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        authenticated: bool = True,
        retry_safe: bool | None = None,
        attempts: int | None = None,
    ) -> httpx.Response:
        """Send one request (retrying and re-logging in as described above); the answer,
        whatever its status, or Unavailable naming the URL when the service cannot be reached."""
        settings = self.settings
        idempotent = method.upper() in IDEMPOTENT_METHODS if retry_safe is None else retry_safe
        tries = attempts if attempts is not None else settings.retry_attempts
        deadline = time.monotonic() + settings.retry_budget
        delay = settings.retry_base_delay
        attempt, relogged = 0, False
        while True:
            attempt += 1
            headers: dict[str, str] = {}
            token = ""
            if authenticated:
                token = await self.token()
                headers["Authorization"] = f"Bearer {token}"
            request = self.client.build_request(
                method, path, params=params, json=json, files=files, headers=headers
            )
            try:
                response = await self.client.send(request)
            except httpx.TransportError as error:
                failure = explain(
                    error,
                    host=settings.host,
                    port=settings.port,
                    timeout=_timeout_of(error, settings),
                )
                not_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
                can_retry = attempt < tries and time.monotonic() + delay <= deadline
                if can_retry and (idempotent or not_sent) and failure.kind not in PERSISTENT:
                    await asyncio.sleep(delay)
                    delay *= 2
                    continue
                self.monitor.unreachable(failure.detail)
                raise Unavailable(
                    f"cannot reach the KubeFATE service: {method} {request.url}: "
                    f"{failure.sentence()}"
                ) from None
            if answered_by_a_proxy(response):
                can_retry = attempt < tries and time.monotonic() + delay <= deadline
                if can_retry and idempotent:
                    await asyncio.sleep(delay)
                    delay *= 2
                    continue
                self.monitor.unreachable(
                    f"{response.status_code} {response.reason_phrase} from a proxy"
                )
                return response
            if response.status_code == 401 and authenticated and not relogged:
                # The token died (a restart of the service, or it expired): log in again and
                # send the same request once more.
                relogged = True
                attempt -= 1
                await self.forget(token)
                continue
            self.note_answer(response)
            self.monitor.connected()
            return response


def _timeout_of(error: httpx.TransportError, settings: RemoteSettings) -> float:
    if isinstance(error, httpx.ConnectTimeout):
        return settings.connect_timeout
    if isinstance(error, httpx.TimeoutException):
        return settings.read_timeout
    return 0.0
