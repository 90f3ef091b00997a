"""One revision of a Helm release, as `helm status` / `helm history` describe it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Helm's release statuses that mean "this revision was (or is) live".
LIVE_STATUSES = frozenset({"deployed", "superseded"})
_FRACTION = re.compile(r"(\.\d+)")


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """A release revision. `status` is Helm's word: deployed, failed, pending-install...

    `description` ("Install complete", "Rollback to 2"...) and `first_deployed` (when revision 1
    was deployed) are filled by status() and rollback(); Helm's install/upgrade/history summaries
    do not carry them. `labels` are the release's own labels (`helm install --labels`), which
    Helm keeps on its release record, not on the chart's objects.
    """

    name: str
    namespace: str
    revision: int
    status: str
    chart_name: str = ""
    chart_version: str = ""
    app_version: str = ""
    updated: datetime | None = None
    description: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    first_deployed: datetime | None = None

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> ReleaseInfo:
        """Read the release summary the Helm SDK returns (keys as in helm_python 0.2)."""
        return cls(
            name=str(summary.get("name", "")),
            namespace=str(summary.get("namespace", "")),
            revision=int(summary.get("revision") or 0),
            status=str(summary.get("status", "")),
            chart_name=str(summary.get("chart_name", "")),
            chart_version=str(summary.get("chart_version", "")),
            app_version=str(summary.get("app_version", "")),
            updated=_time(
                summary.get("deployed_at") or summary.get("last_deployed") or summary.get("updated")
            ),
            description=str(summary.get("description", "")),
            labels=_labels(summary.get("labels")),
            first_deployed=_time(summary.get("first_deployed")),
        )


def _labels(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(key): str(item) for key, item in value.items()}


def _time(value: Any) -> datetime | None:
    """Helm writes RFC 3339 times, sometimes with nanoseconds Python cannot parse."""
    if not isinstance(value, str) or not value:
        return None
    # Trim the fraction to microseconds: 2026-11-28T13:59:49.123456789Z.
    text = _FRACTION.sub(lambda found: found.group(1)[:7], value.replace("Z", "+00:00"))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
