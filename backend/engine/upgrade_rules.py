"""Which updates of a `fate` cluster are refused before a job starts.

(docs/kubefate-behaviour.md §1.5.4.)

KubeFATE panics (an empty 500) on a spec without chartName/chartVersion or with a version it
cannot parse; we refuse those with a message instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from backend.errors import InvalidRequest
from backend.schema.yamlpos import describe

# go-version reads each part as an int64 (at most 19 digits); 18 keeps every part in range
# and far from Python's refusal to read integers of over 4,300 digits.
_VERSION = re.compile(r"^v?(\d{1,18}(?:\.\d{1,18})*)(?:[-+].*)?$")


def parse_version(text: str) -> tuple[int, ...]:
    """`v1.11.2` → (1, 11, 2); hashicorp go-version accepts a leading `v`, so do we."""
    match = _VERSION.match(text.strip())
    if match is None:
        raise InvalidRequest(f"chartVersion: {describe(text)} is not a version such as v2.0.0")
    return tuple(int(part) for part in match.group(1).split("."))


def _compare(left: tuple[int, ...], right: tuple[int, ...]) -> int:
    width = max(len(left), len(right))
    padded_left = left + (0,) * (width - len(left))
    padded_right = right + (0,) * (width - len(right))
    return (padded_left > padded_right) - (padded_left < padded_right)


def check_fate_upgrade(old_spec: Mapping[str, Any], new_spec: Mapping[str, Any]) -> None:
    """Raise InvalidRequest with KubeFATE's message when this update must not run."""
    for key in ("chartName", "chartVersion"):
        if not isinstance(new_spec.get(key), str) or not new_spec[key]:
            raise InvalidRequest(f"{key}: missing from the cluster document")
    if old_spec.get("chartName") != new_spec["chartName"]:
        raise InvalidRequest("doesn't support upgrade between different charts")
    old_version = parse_version(str(old_spec.get("chartVersion", "")))
    new_version = parse_version(new_spec["chartVersion"])
    order = _compare(new_version, old_version)
    if order == 0 and dict(old_spec) == dict(new_spec):
        raise InvalidRequest("the configuration file did not change")
    if order < 0:
        raise InvalidRequest("using kubefate to downgrade a cluster is not supported yet")
    if order > 0 and _compare(old_version, (1, 7, 1)) <= 0:
        raise InvalidRequest("upgrade from FATE version <= 1.7.1 is not supported by KubeFATE")
    if order > 0:
        # KubeFATE runs its fate-upgrade-manager chart here to migrate FATE's MySQL schema
        # before upgrading; without that step the new FATE would meet an old database.
        raise InvalidRequest(
            "changing chartVersion needs FATE's MySQL migration (KubeFATE's "
            "fate-upgrade-manager), which kubefate-tui does not run yet; install the new "
            "version as a new cluster, or upgrade with the KubeFATE service"
        )
