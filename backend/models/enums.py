"""KubeFATE's status enums (docs/kubefate-behaviour.md §2.9).

The Go service stores them as small integers and puts strings on the wire. We keep both: the
integer is what our SQLite columns hold (so a row dump reads like KubeFATE's), the string is the
enum's value. Unknown strings from a remote service are tolerated (§2.1 [rec]): `parse` maps them
to the enum's `UNKNOWN`-like fallback instead of failing.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Self


class _WireEnum(StrEnum):
    """A string enum with KubeFATE's integer codes and a lenient parser."""

    @classmethod
    def codes(cls) -> dict[Self, int]:
        return {member: index for index, member in enumerate(cls, start=1)}

    @property
    def code(self) -> int:
        """KubeFATE's integer for this status (1-based declaration order)."""
        return _codes_of(type(self))[self]

    @classmethod
    def from_code(cls, code: int) -> Self:
        member: Self | None = _members_of(cls).get(code)
        if member is None:
            raise ValueError(f"{cls.__name__} has no code {code}")
        return member

    @classmethod
    def parse(cls, text: object, fallback: Self) -> Self:
        """The member named `text`; `fallback` for anything else (null, "", a future status)."""
        if isinstance(text, str):
            for member in cls:
                if member.value == text:
                    return member
        return fallback


# Built once per enum: every stored row converts its status through these.
@cache
def _codes_of(enum: type[_WireEnum]) -> dict[Any, int]:
    return enum.codes()


@cache
def _members_of(enum: type[_WireEnum]) -> dict[int, Any]:
    return {code: member for member, code in enum.codes().items()}


class ClusterStatus(_WireEnum):
    PENDING = "Pending"
    CREATING = "Creating"
    DELETING = "Deleting"
    UPDATING = "Updating"
    RUNNING = "Running"
    UNAVAILABLE = "Unavailable"
    DELETED = "Deleted"
    ROLLBACK = "Rollback"
    FAILED = "Failed"
    UNKNOWN = "Unknown"


class JobStatus(_WireEnum):
    PENDING = "Pending"
    RUNNING = "Running"
    SUCCESS = "Success"
    FAILED = "Failed"
    ROLLBACK = "Rollback"
    TIMEOUT = "Timeout"
    STOPPING = "Stopping"
    CANCELED = "Canceled"

    @property
    def is_terminal(self) -> bool:
        """True once the job can no longer change (no worker owns it)."""
        return self not in (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.STOPPING)


NON_TERMINAL_JOB_STATUSES: tuple[JobStatus, ...] = tuple(s for s in JobStatus if not s.is_terminal)


class UserStatus(_WireEnum):
    DEPRECATE = "Deprecate"
    AVAILABLE = "Available"


class JobMethod(StrEnum):
    INSTALL = "ClusterInstall"
    UPDATE = "ClusterUpdate"
    DELETE = "ClusterDelete"


class SubJobStatus(StrEnum):
    RUNNING = "Running"
    SUCCESS = "Success"


class ModulesStatus(StrEnum):
    """The state of one workload (Deployment or StatefulSet), §3.1."""

    AVAILABLE = "Available"
    PROGRESSING = "Progressing"
    REPLICA_FAILURE = "ReplicaFailure"
    UNDEFINED = "Undefined"
