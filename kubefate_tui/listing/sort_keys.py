"""Sort keys for values that do not order as their text: times that may be missing, and the
ages Kubernetes prints (`45s`, `5m30s`, `3d4h`)."""

from __future__ import annotations

import math
import re
from datetime import datetime

_AGE_PART = re.compile(r"(\d+)([smhdy])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "y": 365 * 86400}


def moment_key(moment: datetime | None) -> float:
    """Seconds since the epoch; a missing time sorts after every known one."""
    return math.inf if moment is None else moment.timestamp()


def age_key(moment: datetime | None) -> float:
    """Youngest first: the later `moment`, the smaller the key; unknown ages last."""
    return math.inf if moment is None else -moment.timestamp()


def age_text_seconds(text: str) -> float:
    """The seconds of a Kubernetes age (`3d4h` -> 273600); text that is none sorts last."""
    parts = _AGE_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return math.inf
    return float(sum(int(number) * _SECONDS[unit] for number, unit in parts))
