"""Why a change action cannot run in this console, shared by the actions and the palette."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change action cannot run here, and what to do instead. Its key is hidden, its
    palette entry says `disabled: <reason>`, and asking anyway gets `text(what)` as a toast."""

    reason: str
    advice: str

    def text(self, what: str) -> str:
        """The toast when the action is asked for anyway (from the palette)."""
        return f"{self.reason}: {what} disabled ({self.advice})"


READ_ONLY = Refusal("read-only console", "started with --read-only")
NO_NAMESPACE_CREATION = Refusal(
    "this backend cannot create namespaces",
    "a KubeFATE service has no API for it: kubectl create namespace NAME",
)
