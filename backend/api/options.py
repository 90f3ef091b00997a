"""The served API's knobs: body limits, login throttling and the origins allowed besides the
service's own (security additions, see docs/kubefate-compatibility.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ApiOptions:
    json_body_limit: int = 4 * MIB  # every request body but chart uploads
    upload_body_limit: int = 64 * MIB  # POST /v1/chart (a FATE chart is ~100 KB)
    login_max_failures: int = 5  # failed logins from one address ...
    login_window_seconds: float = 300.0  # ... within this window lock that address out
    clock: Callable[[], float] = field(default=time.monotonic)  # the throttle's clock
    # Origins (URLs like https://console.example.com) whose pages may open the log WebSocket
    # and use the jwt cookie, besides this service's own (origin_policy.py).
    allowed_origins: tuple[str, ...] = ()
    # The change feed and the paged job listing (extensions: routes_feed.py). Off, the service
    # answers as KubeFATE's does and remote consoles poll.
    change_feed: bool = True
    feed_keepalive_seconds: float = 15.0  # a comment line this often on an idle feed
    feed_capacity: int = 4096  # events kept for clients that reconnect
