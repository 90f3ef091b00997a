"""Failed logins per client address: after too many in a window, refuse for a while.

KubeFATE has no such limit (§1.2). Attempts in flight count against the budget, so a burst of
parallel guesses cannot slip past it while the password hashes are being computed.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TRACKED_ADDRESSES = 10_000


@dataclass(slots=True)
class _Record:
    failures: deque[float] = field(default_factory=deque)
    in_flight: int = 0


class LoginThrottle:
    def __init__(self, max_failures: int, window_seconds: float, clock: Callable[[], float]):
        if max_failures < 1 or window_seconds <= 0:
            raise ValueError("the login throttle needs max_failures >= 1 and a positive window")
        self._max = max_failures
        self._window = window_seconds
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def begin(self, address: str) -> int | None:
        """Start an attempt: None if allowed, else the seconds to wait before trying again."""
        record = self._record(address)
        now = self._clock()
        while record.failures and record.failures[0] <= now - self._window:
            record.failures.popleft()
        if len(record.failures) + record.in_flight >= self._max:
            if len(record.failures) >= self._max:
                return max(1, math.ceil(record.failures[0] + self._window - now))
            return 1  # only attempts still being checked stand in the way
        record.in_flight += 1
        return None

    def failed(self, address: str) -> None:
        record = self._record(address)
        record.in_flight = max(0, record.in_flight - 1)
        record.failures.append(self._clock())

    def succeeded(self, address: str) -> None:
        """A correct password clears the address's failures."""
        record = self._record(address)
        record.in_flight = max(0, record.in_flight - 1)
        record.failures.clear()

    def abandoned(self, address: str) -> None:
        """The attempt ended without a verdict (unreadable body, server error)."""
        record = self._record(address)
        record.in_flight = max(0, record.in_flight - 1)

    def _record(self, address: str) -> _Record:
        record = self._records.get(address)
        if record is None:
            record = self._records[address] = _Record()
            while len(self._records) > MAX_TRACKED_ADDRESSES:
                self._records.popitem(last=False)
        else:
            self._records.move_to_end(address)
        return record
