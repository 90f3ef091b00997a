"""How often the console re-reads and redraws on its own, in one place.

The defaults are the product's. Tests hand the app shorter ones (`KubefateApp(pacing=...)`), so
a test of "the list follows a change without a key press" waits a tenth of a second, not the
two seconds a user would: the behaviour is the same, only the clock runs faster.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pacing:
    """The console's own intervals, in seconds."""

    panel_poll: float = 2.0
    """Remote mode: between the end of one reload of the visible list and the start of the next
    (lists no change event covers: charts, users, namespaces)."""

    first_loads_wait: float = 10.0
    """At most this long the finished-job watch lets the lists on screen load before its own
    read of the jobs."""

    cluster_watch: float = 2.0
    """Between reads of a shown cluster that is not yet (or no longer) healthy."""

    job_tick: float = 1.0
    """How often a running job's durations and timeline bars move."""

    job_reasons: float = 5.0
    """How often "Why is it slow?" reads the cluster's pods and events again while shown."""

    reconnected: float = 3.0
    """How long the header says `reconnected` before it says `connected` again."""


DEFAULT_PACING = Pacing()
"""The product's intervals (what a user gets)."""
