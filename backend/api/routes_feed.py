"""Extension routes the Go CLI never sends (docs/kubefate-compatibility.md §3): the change feed
and the paged, filtered job listing that let a remote console work as an embedded one does."""

from __future__ import annotations

from typing import Final

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from backend.api.change_feed import ChangeFeed
from backend.api.endpoints import Endpoint
from backend.api.responses import ApiError, success
from backend.embedded import EmbeddedBackend
from backend.feed_wire import FEED_PATH, JOB_PAGE_PATH

PAGE_LIMIT_DEFAULT: Final = 500
PAGE_LIMIT_MAX: Final = 5000
_TRUE: Final = frozenset({"1", "true", "yes"})
_FALSE: Final = frozenset({"", "0", "false", "no"})


def _number(request: Request, name: str, default: int, highest: int) -> int:
    text = request.query_params.get(name, "")
    if not text:
        return default
    if not text.isdigit() or not 0 <= int(text) <= highest:
        raise ApiError(400, f"{name} must be a whole number from 0 to {highest}, not {text!r}")
    return int(text)


def _flag(request: Request, name: str) -> bool:
    text = request.query_params.get(name, "").lower()
    if text not in _TRUE | _FALSE:
        raise ApiError(400, f"{name} must be true or false, not {text!r}")
    return text in _TRUE


class FeedRoutes:
    def __init__(self, backend: EmbeddedBackend, feed: ChangeFeed, keepalive: float) -> None:
        self.backend = backend
        self.feed = feed
        self.keepalive = keepalive

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("GET", FEED_PATH, self.changes),
            Endpoint("GET", JOB_PAGE_PATH, self.job_page),
        ]

    async def changes(self, request: Request, caller: str) -> Response:
        """The change events as server-sent events, from `Last-Event-ID` (or `?after=`)."""
        cursor = request.headers.get("last-event-id") or request.query_params.get("after")
        frames = self.feed.stream(cursor or None, self.keepalive)
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # nginx: no buffer
        return StreamingResponse(frames, media_type="text/event-stream", headers=headers)

    async def job_page(self, request: Request, caller: str) -> Response:
        """Up to `limit` job summaries after the job whose record id is `after`, oldest first,
        of one `cluster` and/or `unfinished` only; `next` is the cursor of the next page (null
        at the end) and `total` how many jobs match."""
        limit = _number(request, "limit", PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX)
        after = _number(request, "after", 0, 2**63 - 1)
        cluster = request.query_params.get("cluster", "")
        unfinished = _flag(request, "unfinished")
        table = self.backend.store.read.jobs
        jobs, total = await table.summaries_page(
            after, max(1, limit), cluster_id=cluster, unfinished=unfinished
        )
        full_page = len(jobs) >= max(1, limit)
        cursor = str(jobs[-1].record.id) if jobs and full_page else None
        data = [job.to_wire() for job in jobs]
        return success("listJobPage Success", data=data, next=cursor, total=total)
