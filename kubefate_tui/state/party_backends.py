"""The backends of a federation's parties: the app's own, and one per other profile named.

The Federations mode opens these when it loads a federation and closes them when it is left (or
opened on another federation); the single-cluster modes never see them. A profile whose backend
cannot be built or started is remembered with the reason, so each of its parties can say
"backend unreachable: <reason>" while the others are shown.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass

from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.backend_factory import BackendFactory

START_TIMEOUT = 10.0
"""Seconds a profile's backend may take to start before its parties count as unreachable."""


@dataclass(frozen=True, slots=True)
class Unreachable:
    """A profile whose backend could not be opened, and why (one line)."""

    reason: str

    @property
    def text(self) -> str:
        """What a party on that profile shows."""
        return f"backend unreachable: {self.reason}"


class PartyBackends:
    """Backends by profile name; None (no profile) is the app's own backend, never closed here."""

    def __init__(
        self, main: Backend, factory: BackendFactory, start_timeout: float = START_TIMEOUT
    ) -> None:
        self.main = main
        self.factory = factory
        self.start_timeout = start_timeout
        self._opened: dict[str, Backend | Unreachable] = {}
        self._lock = asyncio.Lock()

    @property
    def opened(self) -> list[Backend]:
        """The backends this object started (not the app's own)."""
        return [b for b in self._opened.values() if isinstance(b, Backend)]

    async def backend_for(self, profile: str | None) -> Backend | Unreachable:
        """The started backend of `profile` (opened on first use), or why there is none."""
        if profile is None:
            return self.main
        async with self._lock:  # parties on one profile share its one backend
            found = self._opened.get(profile)
            if found is None:
                found = await self._open(profile)
                self._opened[profile] = found
            return found

    async def _open(self, profile: str) -> Backend | Unreachable:
        try:
            backend = self.factory.open_profile(profile)
        except (LookupError, ValueError) as error:
            return Unreachable(str(error).strip("'\""))
        try:
            await asyncio.wait_for(backend.start(), self.start_timeout)
        except Exception as error:  # any start failure is this profile's reason, shown per party
            with suppress(Exception):
                await backend.close()
            return Unreachable(error_text(error))
        return backend

    def forget_unreachable(self) -> None:
        """Try the profiles that could not be opened again on their next use (`r`): a
        password set since, a database made writable."""
        self._opened = {k: v for k, v in self._opened.items() if isinstance(v, Backend)}

    async def close(self) -> None:
        """Close every backend opened here (failures are dropped: the mode is gone)."""
        opened, self._opened = self.opened, {}
        for backend in opened:
            with suppress(Exception):
                await backend.close()
