"""Loading a screen's data when asked, with bursts of asks coalesced.

A change event asks for a reload; events come in bursts (a job's progress, a RESYNC). Asking
while a load runs makes that load run once more when it ends, with everything asked meanwhile,
so a burst costs at most two loads and a load in flight is never cancelled (and so never
starved by the next event).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Generic, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

Part = TypeVar("Part", bound=Hashable)


class CoalescedLoad(Generic[Part]):
    """Runs `load(parts)` in a worker of `owner` for the parts asked (a screen that loads
    one thing asks for none: `load` then gets an empty set)."""

    def __init__(
        self,
        owner: DOMNode,
        load: Callable[[frozenset[Part]], Awaitable[None]],
        *,
        group: str,
        after: Callable[[], None] | None = None,
    ) -> None:
        self.owner = owner
        self.load = load
        self.group = group
        self.after = after  # called when a run ends with nothing more asked
        self.worker: Worker[None] | None = None
        self._asked = False
        self._parts: set[Part] = set()

    def request(self, parts: Iterable[Part] = ()) -> None:
        """Load `parts` now, or as soon as the load in progress ends."""
        self._asked = True
        self._parts.update(parts)
        if self.worker is None or self.worker.is_finished:
            self.worker = self.owner.run_worker(self._run(), group=self.group, exit_on_error=False)

    @property
    def is_loading(self) -> bool:
        """True while a load is running or asked for."""
        return self._asked or (self.worker is not None and not self.worker.is_finished)

    async def _run(self) -> None:
        while self._asked:
            parts, self._asked, self._parts = frozenset(self._parts), False, set()
            await self.load(parts)
        if self.after is not None:
            self.after()
