"""A job (one install, update or delete of a cluster) and its sub-jobs (§2.4, §2.5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from backend.models.cluster import ClusterArgs
from backend.models.enums import JobMethod, JobStatus, ModulesStatus, SubJobStatus
from backend.models.record import Record
from backend.models.wire import (
    WireFormatError,
    format_time,
    int_field,
    object_field,
    parse_time,
    text_field,
)
from backend.models.wire import (
    field as wire_field,
)

DEFAULT_TIME_LIMIT = timedelta(hours=1)
_NANOSECONDS_PER_MICROSECOND = 1000


@dataclass(frozen=True, slots=True)
class SubJob:
    """Progress of one workload of the cluster; the map key is the workload name."""

    module_name: str
    status: SubJobStatus = SubJobStatus.RUNNING
    modules_status: ModulesStatus = ModulesStatus.UNDEFINED
    start_time: datetime | None = None
    end_time: datetime | None = None  # first time seen Available; never cleared

    def to_wire(self) -> dict[str, Any]:
        return {
            "ModuleName": self.module_name,
            "Status": self.status.value,
            "ModulesStatus": self.modules_status.value,
            "StartTime": format_time(self.start_time),
            "EndTime": format_time(self.end_time),
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> SubJob:
        status_text = text_field(obj, "Status")
        modules_text = text_field(obj, "ModulesStatus")
        return cls(
            module_name=text_field(obj, "ModuleName"),
            status=SubJobStatus(status_text)
            if status_text in SubJobStatus._value2member_map_
            else SubJobStatus.RUNNING,
            modules_status=ModulesStatus(modules_text)
            if modules_text in ModulesStatus._value2member_map_
            else ModulesStatus.UNDEFINED,
            start_time=parse_time(wire_field(obj, "StartTime")),
            end_time=parse_time(wire_field(obj, "EndTime")),
        )


@dataclass(frozen=True, slots=True)
class Job:
    """A job row. `sub_jobs`, `states` and `meta_data` keep Go's nil (None) apart from empty."""

    uuid: str
    method: JobMethod
    creator: str
    start_time: datetime | None = None
    end_time: datetime | None = None
    cluster_id: str = ""
    sub_jobs: dict[str, SubJob] | None = None
    status: JobStatus = JobStatus.PENDING
    time_limit: timedelta = DEFAULT_TIME_LIMIT
    meta_data: ClusterArgs | None = None
    states: tuple[str, ...] | None = None
    record: Record = field(default_factory=Record)

    def to_wire(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "start_time": format_time(self.start_time),
            "end_time": format_time(self.end_time),
            "method": self.method.value,
            "cluster_id": self.cluster_id,
            "creator": self.creator,
            "sub_jobs": None
            if self.sub_jobs is None
            else {name: sub.to_wire() for name, sub in sorted(self.sub_jobs.items())},
            "status": self.status.value,
            "time_limit": time_limit_to_nanoseconds(self.time_limit),
            "meta_data": None if self.meta_data is None else self.meta_data.to_wire(),
            "states": None if self.states is None else list(self.states),
            **self.record.to_wire(),
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Job:
        method_text = text_field(obj, "method")
        if method_text not in JobMethod._value2member_map_:
            raise WireFormatError(f"field 'method': unknown job method {method_text!r}")
        sub_jobs = object_field(obj, "sub_jobs")
        meta = object_field(obj, "meta_data")
        states = wire_field(obj, "states")
        if states is not None and not isinstance(states, list):
            raise WireFormatError("field 'states': expected a list of strings")
        return cls(
            uuid=text_field(obj, "uuid"),
            method=JobMethod(method_text),
            creator=text_field(obj, "creator"),
            start_time=parse_time(wire_field(obj, "start_time")),
            end_time=parse_time(wire_field(obj, "end_time")),
            cluster_id=text_field(obj, "cluster_id"),
            sub_jobs=None
            if sub_jobs is None
            else {name: SubJob.from_wire(sub) for name, sub in sub_jobs.items()},
            status=JobStatus.parse(wire_field(obj, "status"), JobStatus.FAILED),
            time_limit=nanoseconds_to_time_limit(int_field(obj, "time_limit")),
            meta_data=None if meta is None else ClusterArgs.from_wire(meta),
            states=None if states is None else tuple(str(state) for state in states),
            record=Record.from_wire(obj),
        )

    @property
    def duration(self) -> timedelta | None:
        """End minus start, or None while the job has not ended (the CLI shows the time so far)."""
        if self.start_time is None or self.end_time is None:
            return None
        return self.end_time - self.start_time


def time_limit_to_nanoseconds(limit: timedelta) -> int:
    """Go's time.Duration is an int64 of nanoseconds (3600000000000 for one hour)."""
    return (limit // timedelta(microseconds=1)) * _NANOSECONDS_PER_MICROSECOND


def nanoseconds_to_time_limit(nanoseconds: int) -> timedelta:
    return timedelta(microseconds=nanoseconds // _NANOSECONDS_PER_MICROSECOND)
