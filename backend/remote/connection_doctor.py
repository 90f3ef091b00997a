"""The connection doctor: why can't I reach my KubeFATE service? Step by step.

Each step checks one layer and says, in plain words, what a failure means and what to check:
the host name resolves, a TCP connection opens, TLS (https only) is trusted, `GET /` answers
KubeFATE's greeting `{"msg":"kubefate run Success"}`, `GET /v1/version/` without a token answers
gin-jwt's 401 (so it really is KubeFATE's API), the login works, and the version once logged in.
The steps stop at the first failure: the later ones depend on it.

`diagnose()` yields the steps as they finish (the console shows them one by one);
`run_doctor()` collects them. `kubefate-tui doctor URL` prints them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from backend.interface import KUBEFATE_SERVICE_VERSION
from backend.models.wire import field
from backend.remote.http_session import LOGIN_PATH, new_http_client
from backend.remote.remote_settings import RemoteSettings
from backend.remote.response_reading import (
    NOT_KUBEFATE_ADVICE,
    body_text,
    first_json,
    html_title,
    looks_like_html,
    quote_start,
    redirect_message,
    service_message,
)
from backend.remote.transport_failures import (
    DNS_ADVICE,
    REFUSED_ADVICE,
    TIMEOUT_ADVICE,
    explain,
)

KUBEFATE_GREETING = "kubefate run Success"
DIFFERENT_SERVICE_ADVICE = (
    "a different service answers at this address: KubeFATE answers GET / with "
    '{"msg":"kubefate run Success"}. Check serviceurl (host and port), the ingress host name, '
    "and /etc/hosts"
)
LOGIN_ADVICE = (
    "wrong username or password: set user.username and user.password in config.yaml, or "
    "FATECLOUD_USER_USERNAME and FATECLOUD_USER_PASSWORD (kubefate-tui doctor: --username, and "
    "the password in the variable that --password-env names)"
)
PROXY_ADVICE = (
    "something in front of KubeFATE (an ingress or proxy) answers, but cannot reach the "
    "KubeFATE service behind it: check the kubefate pod (kubectl -n kube-fate get pods)"
)


@dataclass(frozen=True, slots=True)
class DoctorStep:
    """One check: its name, whether it passed, what was seen, and (on failure) what it means."""

    name: str
    ok: bool
    detail: str
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


async def run_doctor(
    settings: RemoteSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> list[DoctorStep]:
    """Every step, until the first failure."""
    return [step async for step in diagnose(settings, transport=transport)]


async def diagnose(
    settings: RemoteSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[DoctorStep]:
    """The steps as they finish; stops after the first one that fails."""
    addresses: list[str] = []
    step = await _resolve(settings, addresses)
    yield step
    if not step.ok:
        return
    step = await _connect(settings, addresses)
    yield step
    if not step.ok:
        return
    if settings.uses_tls:
        step = await _tls(settings)
        yield step
        if not step.ok:
            return
    async with new_http_client(settings, transport=transport) as client:
        for check in (_greeting, _api_without_login):
            step = await check(client, settings)
            yield step
            if not step.ok:
                return
        token = ""
        step, token = await _login(client, settings)
        yield step
        if not step.ok:
            return
        yield await _version(client, settings, token)


# --- network ---------------------------------------------------------------------------------
async def _resolve(settings: RemoteSettings, addresses: list[str]) -> DoctorStep:
    name = "resolve host"
    host, port = settings.host, settings.port
    try:
        infos = await asyncio.wait_for(
            asyncio.to_thread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM),
            timeout=max(settings.connect_timeout * 2, 1.0),
        )
    except socket.gaierror as error:
        return DoctorStep(
            name,
            False,
            f"{host}: {error.strerror or error}",
            f"The host name {host!r} does not resolve to an address: {DNS_ADVICE} (an ingress "
            "host such as example.com usually needs a line there).",
        )
    except TimeoutError:
        return DoctorStep(
            name,
            False,
            f"{host}: no answer from the name server",
            f"Resolving {host!r} took too long: check the DNS settings, serviceurl and /etc/hosts.",
        )
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return DoctorStep(name, True, f"{host} → {', '.join(addresses)}")


async def _connect(settings: RemoteSettings, addresses: list[str]) -> DoctorStep:
    name = "TCP connect"
    port = settings.port
    first_error: BaseException | None = None
    for address in addresses:
        started = time.monotonic()
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(address, port), timeout=settings.connect_timeout
            )
        except (OSError, TimeoutError) as error:
            first_error = first_error or error
            continue
        elapsed = (time.monotonic() - started) * 1000
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        return DoctorStep(
            name, True, f"{address}:{port} accepted the connection in {elapsed:.0f} ms"
        )
    where = f"{settings.host}:{port}"
    if isinstance(first_error, TimeoutError):
        return DoctorStep(
            name,
            False,
            f"{where}: no answer within {settings.connect_timeout:g} s",
            f"Nothing answered the connection: {TIMEOUT_ADVICE}.",
        )
    if isinstance(first_error, ConnectionRefusedError):
        return DoctorStep(
            name,
            False,
            f"{where}: connection refused",
            f"Nothing listens on {where}: is the KubeFATE service running (kubectl -n kube-fate "
            "get pods), and is the port right? (serviceurl is host[:port]; without a port, "
            "http uses 80 and https 443.)",
        )
    reason = getattr(first_error, "strerror", None) or str(first_error)
    return DoctorStep(
        name,
        False,
        f"{where}: {reason}",
        f"The connection failed: check serviceurl and the network to {settings.host}. "
        + _sentence(REFUSED_ADVICE),
    )


async def _tls(settings: RemoteSettings) -> DoctorStep:
    name = "TLS handshake"
    host, port = settings.host, settings.port
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=settings.ssl_context(), server_hostname=host),
            timeout=settings.connect_timeout,
        )
    except (OSError, TimeoutError, ssl.SSLError) as error:
        failure = explain(error, host=host, port=port, timeout=settings.connect_timeout)
        return DoctorStep(name, False, failure.detail, _sentence(failure.advice))
    cipher = writer.get_extra_info("cipher")
    version = cipher[1] if isinstance(cipher, tuple) and len(cipher) > 1 else "TLS"
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()
    trust = "not verified (--insecure)" if settings.verify is False else "trusted"
    return DoctorStep(name, True, f"{version}, certificate {trust}")


# --- HTTP ------------------------------------------------------------------------------------
async def _get(
    client: httpx.AsyncClient, settings: RemoteSettings, name: str, path: str, **kwargs: Any
) -> httpx.Response | DoctorStep:
    method = "POST" if "json" in kwargs else "GET"
    try:
        return await client.request(method, path, **kwargs)
    except httpx.TransportError as error:
        timeout = settings.read_timeout if isinstance(error, httpx.ReadTimeout) else 0.0
        failure = explain(error, host=settings.host, port=settings.port, timeout=timeout)
        return DoctorStep(
            name, False, f"{method} {path}: {failure.detail}", _sentence(failure.advice)
        )


def _not_json(name: str, response: httpx.Response, text: str) -> DoctorStep | None:
    """The failing step when the answer is HTML, garbage, a redirect or a proxy error."""
    status = response.status_code
    label = f"{response.request.method} {response.request.url.path}"
    if 300 <= status < 400:
        return DoctorStep(
            name, False, f"{label}: HTTP {status}", _sentence(redirect_message(response))
        )
    if _json(text) is not None:
        return None
    if status in (502, 503, 504):
        return DoctorStep(
            name, False, f"{label}: HTTP {status} {response.reason_phrase}", _sentence(PROXY_ADVICE)
        )
    if looks_like_html(response, text):
        title = html_title(text)
        page = f" {title!r}" if title else ""
        return DoctorStep(
            name,
            False,
            f"{label}: HTTP {status}, an HTML page{page} where KubeFATE answers JSON",
            _sentence(NOT_KUBEFATE_ADVICE),
        )
    if status == 404:
        return DoctorStep(
            name,
            False,
            f"{label}: HTTP 404 {quote_start(text)}",
            _sentence(DIFFERENT_SERVICE_ADVICE),
        )
    return DoctorStep(
        name,
        False,
        f"{label}: HTTP {status}, not JSON: {quote_start(text) if text else 'an empty body'}",
        _sentence(NOT_KUBEFATE_ADVICE),
    )


async def _fetch_json(
    client: httpx.AsyncClient, settings: RemoteSettings, name: str, path: str
) -> DoctorStep | tuple[httpx.Response, str, Any]:
    """The answer to GET `path` with its text and JSON, or the failed step explaining why
    there is none (unreachable, or not JSON)."""
    answer = await _get(client, settings, name, path)
    if isinstance(answer, DoctorStep):
        return answer
    text = body_text(answer)
    failed = _not_json(name, answer, text)
    if failed is not None:
        return failed
    return answer, text, _json(text)


async def _greeting(client: httpx.AsyncClient, settings: RemoteSettings) -> DoctorStep:
    name = "GET /"
    fetched = await _fetch_json(client, settings, name, "/")
    if isinstance(fetched, DoctorStep):
        return fetched
    answer, text, body = fetched
    message = field(body, "msg") if isinstance(body, Mapping) else None
    if answer.status_code == 200 and message == KUBEFATE_GREETING:
        return DoctorStep(name, True, f'HTTP 200 {{"msg":"{KUBEFATE_GREETING}"}}')
    return DoctorStep(
        name,
        False,
        f"HTTP {answer.status_code} {quote_start(text)}",
        _sentence(DIFFERENT_SERVICE_ADVICE),
    )


async def _api_without_login(client: httpx.AsyncClient, settings: RemoteSettings) -> DoctorStep:
    name = "GET /v1/version/ without a token"
    fetched = await _fetch_json(client, settings, name, "/v1/version/")
    if isinstance(fetched, DoctorStep):
        return fetched
    answer, text, body = fetched
    status = answer.status_code
    if status == 401 and isinstance(body, Mapping) and field(body, "message") is not None:
        return DoctorStep(
            name, True, f"HTTP 401 {text.strip()[:120]}: KubeFATE's API, asking for a login"
        )
    version = field(body, "version") if isinstance(body, Mapping) else None
    if status == 200 and isinstance(version, str):
        return DoctorStep(name, True, f"HTTP 200, version {version} (the API asks no login)")
    return DoctorStep(
        name,
        False,
        f"HTTP {status} {quote_start(text)}",
        "KubeFATE answers this without a token with 401 and gin-jwt's "
        '{"code":401,"message":...}; this answer is from something else. '
        + _sentence(DIFFERENT_SERVICE_ADVICE),
    )


async def _login(client: httpx.AsyncClient, settings: RemoteSettings) -> tuple[DoctorStep, str]:
    name = "log in"
    user = settings.username
    answer = await _get(
        client,
        settings,
        name,
        LOGIN_PATH,
        json={"username": user, "password": settings.password},
    )
    if isinstance(answer, DoctorStep):
        return answer, ""
    text = body_text(answer)
    failed = _not_json(name, answer, text)
    if failed is not None:
        return failed, ""
    body = _json(text)
    if answer.status_code == 401:
        return (
            DoctorStep(
                name,
                False,
                f"user {user!r}: HTTP 401 {service_message(body)}",
                _sentence(LOGIN_ADVICE),
            ),
            "",
        )
    token = field(body, "token") if isinstance(body, Mapping) else None
    if answer.status_code == 200 and isinstance(token, str) and token:
        expire = field(body, "expire")
        until = f"; the token expires at {expire}" if isinstance(expire, str) else ""
        return DoctorStep(name, True, f"logged in as {user!r}{until}"), token
    return (
        DoctorStep(
            name,
            False,
            f"user {user!r}: HTTP {answer.status_code} {quote_start(text)}",
            "The login answered neither a token nor KubeFATE's refusal. "
            + _sentence(DIFFERENT_SERVICE_ADVICE),
        ),
        "",
    )


async def _version(client: httpx.AsyncClient, settings: RemoteSettings, token: str) -> DoctorStep:
    name = "GET /v1/version/"
    answer = await _get(
        client, settings, name, "/v1/version/", headers={"Authorization": f"Bearer {token}"}
    )
    if isinstance(answer, DoctorStep):
        return answer
    text = body_text(answer)
    failed = _not_json(name, answer, text)
    if failed is not None:
        return failed
    body = _json(text)
    version = field(body, "version") if isinstance(body, Mapping) else None
    if answer.status_code == 200 and isinstance(version, str):
        note = (
            ""
            if version == KUBEFATE_SERVICE_VERSION
            else f" (this console speaks KubeFATE {KUBEFATE_SERVICE_VERSION}'s API)"
        )
        return DoctorStep(name, True, f"KubeFATE service {version}{note}")
    return DoctorStep(
        name,
        False,
        f"HTTP {answer.status_code} {service_message(body)}",
        "The service refused the token it just issued: is more than one KubeFATE behind this "
        "address (each has its own token key)? Check the ingress and the number of kubefate pods.",
    )


def _json(text: str) -> Any:
    try:
        return first_json(text)
    except ValueError:
        return None


def _sentence(text: str) -> str:
    """`text` as a sentence: capital first letter, final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ".)")) else text + "."


def steps_to_json(url: str, steps: list[DoctorStep]) -> str:
    return json.dumps(
        {"url": url, "ok": all(s.ok for s in steps), "steps": [s.to_dict() for s in steps]},
        ensure_ascii=False,
        indent=2,
    )
