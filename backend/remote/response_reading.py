"""Reading what the KubeFATE service answers, leniently, and naming failures for the user.

The Go service is loose (docs/kubefate-behaviour.md §1.3): "not found" is a 500 with gorm's
`record not found`, bind errors are 400, JWT failures use `{"code","message"}` instead of
`{"error"}`, panics give an empty 500, unknown routes a plain-text `404 page not found`, and some
user handlers write two JSON bodies back to back. So: decide on the status code first, read only
the first JSON value, and map the service's words to the backend's error types.

Anything that is not JSON where KubeFATE always answers JSON (an HTML page, garbage) means a
different server answered; the message says so and what to check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from backend.errors import (
    AuthenticationFailed,
    BackendError,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    Unavailable,
)
from backend.models.wire import field

QUOTE_LIMIT = 80

NOT_KUBEFATE_ADVICE = (
    "a web server that is not KubeFATE answered: check serviceurl (the host and port of the "
    "KubeFATE service or its ingress), the ingress host name, and /etc/hosts"
)

# The service's own words (§1.5), lower-cased, in the order they are tried.
_NOT_FOUND_WORDS = ("record not found", "is not existed")
_CONFLICT_WORDS = (
    "is existed",
    "already existed",
    "already exists",
    "not support stop",
    "cannot re-use a name",
)
_PERMISSION_WORDS = ("privilege", "forbidden")
_INVALID_WORDS = (
    "cannot be empty",
    "illegal base64",
    "no such file",
    "multipart",
    "yaml",
    "doesn't support upgrade",
    "did not change",
    "downgrade",
    "is not supported",
    "jobstatus error",
    "missing username or password",
)
_PROXY_STATUSES = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def request_label(response: httpx.Response) -> str:
    """`GET http://host:8080/v1/job/`: which request, for messages."""
    request = response.request
    return f"{request.method} {request.url}"


def quote_start(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The first characters of a body, quoted, for a message about an unreadable answer."""
    head = text[:limit]
    more = "…" if len(text) > limit else ""
    return json.dumps(head, ensure_ascii=False) + more


def body_text(response: httpx.Response) -> str:
    return response.content.decode("utf-8", errors="replace")


def looks_like_html(response: httpx.Response, text: str) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    if "text/html" in content_type:
        return True
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body")) or "<html" in head


def html_title(text: str) -> str:
    lowered = text.lower()
    start = lowered.find("<title>")
    end = lowered.find("</title>", start)
    if start < 0 or end < 0:
        return ""
    return " ".join(text[start + len("<title>") : end].split())


def not_kubefate_message(response: httpx.Response, text: str) -> str:
    title = html_title(text)
    page = f" ({title!r})" if title else ""
    return (
        f"{request_label(response)} answered an HTML page{page}, HTTP {response.status_code}, "
        f"where KubeFATE answers JSON: {NOT_KUBEFATE_ADVICE}"
    )


def answered_by_a_proxy(response: httpx.Response) -> bool:
    """A 502/503/504 without a JSON body: something in front of the service answered. The
    service's own 503 (it cannot reach its Kubernetes cluster, say) carries its JSON error."""
    return response.status_code in _PROXY_STATUSES and not is_json(body_text(response))


def proxy_message(response: httpx.Response) -> str:
    reason = _PROXY_STATUSES.get(response.status_code, response.reason_phrase)
    return (
        f"{request_label(response)} answered {response.status_code} {reason}: something in front "
        "of KubeFATE (an ingress or proxy) answers, but not the KubeFATE service behind it. Try "
        "again later, or check the kubefate pod (kubectl -n kube-fate get pods)"
    )


def service_message(body: Any) -> str:
    """The text of an error body in any of the service's shapes."""
    if isinstance(body, Mapping):
        for key in ("error", "message", "msg"):
            value = field(body, key)
            if isinstance(value, str) and value:
                return value
        return json.dumps(body, ensure_ascii=False)[:200]
    if isinstance(body, str):
        return body
    return json.dumps(body, ensure_ascii=False)[:200]


def first_json(text: str) -> Any:
    """The first JSON value of a body that is JSON: one value, or several back to back (the
    double-write bug). `404 page not found` is not JSON, though it starts with a number."""
    stripped = text.strip()
    decoder = json.JSONDecoder()
    value, end = decoder.raw_decode(stripped)
    rest = stripped[end:].lstrip()
    if rest and not rest.startswith(("{", "[")):
        raise ValueError(f"not JSON after character {end}")
    return value


def decode_json(response: httpx.Response) -> Any:
    """The first JSON value of a successful answer; Unavailable if it is not JSON."""
    text = body_text(response)
    if not text.strip():
        raise Unavailable(
            f"{request_label(response)} answered HTTP {response.status_code} with an empty body "
            "where KubeFATE answers JSON"
        )
    try:
        return first_json(text)
    except ValueError:
        pass
    if looks_like_html(response, text):
        raise Unavailable(not_kubefate_message(response, text))
    raise Unavailable(
        f"{request_label(response)} answered something that is not JSON, starting "
        f"{quote_start(text)}: {NOT_KUBEFATE_ADVICE}"
    )


def error_for(
    response: httpx.Response,
    *,
    what: str,
    not_found: str | None = None,
    otherwise: type[BackendError] = Unavailable,
) -> BackendError:
    """The backend error for a non-2xx answer.

    `what` names the operation for the user ("install cluster fate-9999"); `not_found` is the
    whole message for a `record not found`; `otherwise` is the type of service errors that
    match none of the known words (a 5xx with a message).
    """
    status = response.status_code
    text = body_text(response)
    if 300 <= status < 400:
        return Unavailable(redirect_message(response))
    if answered_by_a_proxy(response):
        return Unavailable(proxy_message(response))
    if not text.strip():
        if status >= 500:
            return Unavailable(
                f"{what}: the KubeFATE service failed while handling {request_label(response)} "
                f"(HTTP {status} with an empty body: the service crashed in its handler; its log "
                "tells why)"
            )
        if status in (401, 403):
            return _by_status(status, f"{what}: HTTP {status} with an empty body", otherwise)
        return Unavailable(
            f"{request_label(response)} answered HTTP {status} with an empty body, which "
            f"KubeFATE never does: {NOT_KUBEFATE_ADVICE}"
        )
    try:
        body = first_json(text)
    except ValueError:
        if looks_like_html(response, text):
            return Unavailable(not_kubefate_message(response, text))
        if status == 404 and "404 page not found" in text:
            return Unavailable(
                f"{request_label(response)}: the service has no such route (404 page not "
                "found): it is not KubeFATE's REST API v1, or a proxy in front of it rewrites "
                "the path"
            )
        return Unavailable(
            f"{request_label(response)} answered HTTP {status}, starting {quote_start(text)}, "
            f"where KubeFATE answers JSON: {NOT_KUBEFATE_ADVICE}"
        )
    message = service_message(body)
    return classify(status, message, what=what, not_found=not_found, otherwise=otherwise)


def classify(
    status: int,
    message: str,
    *,
    what: str,
    not_found: str | None = None,
    otherwise: type[BackendError] = Unavailable,
) -> BackendError:
    """Map a status and the service's message to a backend error fit for the user."""
    lowered = message.lower()
    if status == 401:
        return AuthenticationFailed(f"{what}: the service refused the session: {message}")
    if status == 403:
        return PermissionDenied(f"{what}: the service refused: {message}")
    if status == 409:  # `kubefate-tui serve` says conflicts with their own status
        return Conflict(f"{what}: {message}")
    if any(word in lowered for word in _NOT_FOUND_WORDS):
        return NotFound(not_found or f"{what}: not found ({message})")
    if any(word in lowered for word in _CONFLICT_WORDS):
        return Conflict(f"{what}: {message}")
    if any(word in lowered for word in _PERMISSION_WORDS):
        return PermissionDenied(f"{what}: {message}")
    if status == 400 or any(word in lowered for word in _INVALID_WORDS):
        return InvalidRequest(f"{what}: {message}")
    if status in _PROXY_STATUSES:
        return Unavailable(f"{what}: HTTP {status}: {message}")
    return _by_status(status, f"{what}: {message}", otherwise)


def _by_status(status: int, message: str, otherwise: type[BackendError]) -> BackendError:
    if status == 401:
        return AuthenticationFailed(message)
    if status == 403:
        return PermissionDenied(message)
    if status == 404:
        return NotFound(message)
    if 400 <= status < 500:
        return InvalidRequest(message)
    return otherwise(message)


def redirect_message(response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    label = request_label(response)
    if location.startswith("https://") and response.request.url.scheme == "http":
        return (
            f"{label} was redirected to {location}: the service wants TLS; use an https:// URL "
            "(or safeconnect: true in config.yaml)"
        )
    return (
        f"{label} was redirected ({response.status_code}) to {location or 'nowhere'}; KubeFATE "
        "itself only redirects between its own paths, so something in front of it does: "
        "check serviceurl"
    )


def is_json(text: str) -> bool:
    try:
        first_json(text)
    except ValueError:
        return False
    return True


def read_answer(
    response: httpx.Response,
    *,
    what: str,
    not_found: str | None = None,
    otherwise: type[BackendError] = Unavailable,
) -> Any:
    """The first JSON value of a 2xx answer, or the mapped error for anything else."""
    if 200 <= response.status_code < 300:
        return decode_json(response)
    raise error_for(response, what=what, not_found=not_found, otherwise=otherwise)


def data_of(body: Any, response: httpx.Response) -> Any:
    """The `data` member of a success body (`{"msg": ..., "data": ...}`)."""
    if not isinstance(body, Mapping):
        raise Unavailable(
            f"{request_label(response)} answered {quote_start(json.dumps(body))} where KubeFATE "
            f"answers a JSON object: {NOT_KUBEFATE_ADVICE}"
        )
    return field(body, "data")


def objects_of(value: Any, response: httpx.Response) -> list[Mapping[str, Any]]:
    """A list of objects; `null` (Go's nil slice) is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise Unavailable(
            f"{request_label(response)}: expected a list of objects in `data`, got "
            f"{quote_start(json.dumps(value, ensure_ascii=False))}"
        )
    return value


def object_of(value: Any, response: httpx.Response) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Unavailable(
            f"{request_label(response)}: expected an object in `data`, got "
            f"{quote_start(json.dumps(value, ensure_ascii=False))}"
        )
    return value
