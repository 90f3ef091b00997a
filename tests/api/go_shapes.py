"""What the Go CLI's decoder demands of each object it reads (docs/kubefate-behaviour.md §2).

encoding/json refuses a value of the wrong JSON type, a time that is not RFC 3339, and a
status string its enum does not know; these checks fail the same way, naming the key.
"""

from __future__ import annotations

import re
from typing import Any

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")
RFC3339_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
JOB_STATUSES = {
    "Pending", "Running", "Success", "Failed", "Rollback", "Timeout", "Stopping", "Canceled",
}  # fmt: skip
CLUSTER_STATUSES = {
    "Pending", "Creating", "Deleting", "Updating", "Running", "Unavailable", "Deleted",
    "Rollback", "Failed", "Unknown",
}  # fmt: skip
USER_STATUSES = {"Deprecate", "Available"}
METHODS = {"ClusterInstall", "ClusterUpdate", "ClusterDelete"}
SECRET_KEYS = {"password", "salt", "password_hash"}


def _is(value: Any, kind: type | tuple[type, ...], where: str) -> None:
    ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, (int,)))
    assert ok, f"{where}: {value!r} is not {kind}"


def time_value(value: Any, where: str) -> None:
    _is(value, str, where)
    assert RFC3339.match(value), f"{where}: {value!r} is not an RFC 3339 time"


def record(obj: dict[str, Any], where: str) -> None:
    _is(obj["ID"], int, f"{where}.ID")
    assert obj["ID"] >= 0
    time_value(obj["CreatedAt"], f"{where}.CreatedAt")
    time_value(obj["UpdatedAt"], f"{where}.UpdatedAt")
    if obj["DeletedAt"] is not None:
        time_value(obj["DeletedAt"], f"{where}.DeletedAt")


def cluster_args(obj: dict[str, Any], where: str) -> None:
    assert list(obj) == [
        "name", "namespace", "chart_name", "chart_version", "cover", "data", "Keep_upgrade_job",
    ], list(obj)  # fmt: skip
    for key in ("name", "namespace", "chart_name", "chart_version", "data"):
        _is(obj[key], str, f"{where}.{key}")
    _is(obj["cover"], bool, f"{where}.cover")
    _is(obj["Keep_upgrade_job"], bool, f"{where}.Keep_upgrade_job")


def job(obj: dict[str, Any], where: str = "job") -> None:
    for key in ("uuid", "method", "cluster_id", "creator", "status"):
        _is(obj[key], str, f"{where}.{key}")
    assert obj["method"] in METHODS
    assert obj["status"] in JOB_STATUSES
    time_value(obj["start_time"], f"{where}.start_time")
    time_value(obj["end_time"], f"{where}.end_time")
    _is(obj["time_limit"], int, f"{where}.time_limit")
    if obj["sub_jobs"] is not None:
        for name, sub in obj["sub_jobs"].items():
            assert list(sub) == ["ModuleName", "Status", "ModulesStatus", "StartTime", "EndTime"]
            assert sub["ModuleName"] == name
            time_value(sub["StartTime"], f"{where}.sub_jobs.{name}.StartTime")
            time_value(sub["EndTime"], f"{where}.sub_jobs.{name}.EndTime")
    if obj["meta_data"] is not None:
        cluster_args(obj["meta_data"], f"{where}.meta_data")
    if obj["states"] is not None:
        assert all(isinstance(state, str) for state in obj["states"])
    record(obj, where)


def cluster(obj: dict[str, Any], where: str = "cluster") -> None:
    for key in ("uuid", "name", "namespaces", "chart_name", "chart_version", "values", "status"):
        _is(obj[key], str, f"{where}.{key}")
    assert obj["status"] in CLUSTER_STATUSES
    _is(obj["revision"], int, f"{where}.revision")
    _is(obj["helm_revision"], int, f"{where}.helm_revision")
    assert obj["chart_values"] is None or isinstance(obj["chart_values"], dict)
    for key in ("Spec", "Info"):
        assert key not in obj or isinstance(obj[key], dict), key
    record(obj, where)


def chart(obj: dict[str, Any], where: str = "chart") -> None:
    for key in ("uuid", "name", "chart", "values", "values_template", "version", "app_version"):
        _is(obj[key], str, f"{where}.{key}")
    _is(obj["values_template_example"], str, f"{where}.values_template_example")
    _is(obj["templates"], list, f"{where}.templates")
    for item in obj["templates"]:
        assert set(item) == {"name", "data"}
    record(obj, where)


def user(obj: dict[str, Any], where: str = "user") -> None:
    assert not SECRET_KEYS & set(obj), f"{where} leaks {SECRET_KEYS & set(obj)}"
    for key in ("uuid", "username", "email"):
        if key in obj:
            _is(obj[key], str, f"{where}.{key}")
    assert obj["userStatus"] in USER_STATUSES
    record(obj, where)


def namespace(obj: dict[str, Any], where: str = "namespace") -> None:
    assert list(obj) == ["Name", "Status", "Labels", "Annotations", "Age"], list(obj)
    for key in ("Name", "Status", "Age"):
        _is(obj[key], str, f"{where}.{key}")
    for key in ("Labels", "Annotations"):
        assert obj[key] is None or isinstance(obj[key], dict)
