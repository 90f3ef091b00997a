"""Which browser origins may use the service's ambient credentials.

A browser attaches the `jwt` cookie to any request a page sends to this service, whatever site
the page came from, and WebSocket handshakes are not bound by the same-origin policy. So the log
WebSocket, and any request authenticated by the cookie alone, are accepted only when their
`Origin` is this service itself (the authority in the request's `Host`) or one the operator
allowed (`--allow-origin`). KubeFATE accepts any `Origin` that parses as a URL (§1.5.7); the Go
CLI and our remote console send `ws://<service address>/`, which is this service.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}

Authority = tuple[str, int | None]  # host (lower case), port (None: not said)


def origin_authority(origin: str) -> Authority | None:
    """Host and port of an origin URL (the scheme's default port when it names none); None
    if it is not an absolute http(s)/ws(s) URL."""
    if any(c.isspace() or ord(c) < 0x20 for c in origin):
        return None
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def host_authority(host: str) -> Authority | None:
    """Host and port of a `Host` header; the port is None when the header names none (then
    the client used the scheme's default, which a TLS proxy in front may have changed)."""
    try:
        parts = urlsplit(f"//{host}")
        return (parts.hostname.lower(), parts.port) if host and parts.hostname else None
    except ValueError:
        return None


class OriginPolicy:
    """The origins allowed besides the service's own."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self._allowed = frozenset(a for a in map(origin_authority, allowed) if a is not None)

    def allows(self, connection: HTTPConnection) -> bool:
        """Whether the request's `Origin` is the service's own (the `Host` it was sent to) or
        an allowed one; False when it sends none."""
        origin = origin_authority(connection.headers.get("origin", ""))
        if origin is None:
            return False
        if origin in self._allowed:
            return True
        own = host_authority(connection.headers.get("host", ""))
        return own is not None and own[0] == origin[0] and own[1] in (None, origin[1])
