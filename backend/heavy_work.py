"""Where heavy parsing runs: a small pool of threads, never the event loop.

Reading a chart archive or a cluster document takes from microseconds to a second or two (a
10,000-party route table); on the event loop it would stop every other request for that long.
Threads suffice rather than processes because each such parse is bounded while it runs (the
YAML loader counts values and expansion as it composes, the archive reader counts members and
bytes as it reads), so time and memory are capped by the bounds themselves.

The pool is small on purpose: parallel hostile uploads queue here instead of each holding its
own bounded-but-large amount of memory at once, and they never take the threads logins use
(password hashing runs in asyncio's default executor).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

HEAVY_WORKERS = 2

_P = ParamSpec("_P")
_R = TypeVar("_R")
_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:  # made on first use: the console may never parse anything
        _pool = ThreadPoolExecutor(HEAVY_WORKERS, thread_name_prefix="kubefate-parse")
    return _pool


async def run_heavy(func: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    """`func(*args, **kwargs)` in the parsing pool; its exceptions are raised here."""
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_executor(), call)
