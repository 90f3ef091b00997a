"""The names the served change feed and the remote client agree on (docs/kubefate-compatibility.md
§3): routes, the header that announces them, and the events' words."""

from __future__ import annotations

from typing import Final

FEED_PATH: Final = "/ext/v1/feed"
JOB_PAGE_PATH: Final = "/ext/v1/jobs"
#: Sent on every answer of a service that has the feed: a remote client learns of it from
#: whatever it asked first, without a request that could fail.
FEED_HEADER: Final = "X-Kubefate-Tui-Feed"
#: Beside it: the feed's position (an event id) when the request arrived. A client that starts
#: following the feed later resumes from there, so a change made after the answer it read and
#: before its stream opened is not lost.
FEED_AT_HEADER: Final = "X-Kubefate-Tui-Feed-At"
HELLO: Final = "hello"
CHANGE: Final = "change"
RESYNC_EVENT: Final = "resync"
