"""The models reproduce KubeFATE's wire form exactly (docs/kubefate-behaviour.md §2)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from backend.models import (
    Cluster,
    ClusterArgs,
    ClusterStatus,
    HelmChart,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    Namespace,
    SubJobStatus,
    User,
    UserStatus,
)
from backend.models.wire import (
    WireFormatError,
    decode_bytes,
    first_json_value,
    format_time,
    go_json_dumps,
    parse_time,
)

# The finished install job of docs/kubefate-behaviour.md §2.10, as the Go service sends it.
SPEC_JOB = {
    "uuid": "d92d7a56-7002-46a4-9363-da9c7346e05a",
    "start_time": "2022-04-12T07:34:09.41+08:00",
    "end_time": "2022-04-12T07:48:14.02+08:00",
    "method": "ClusterInstall",
    "cluster_id": "24bb75ff-f636-4c64-8c04-1b9073f89a2f",
    "creator": "admin",
    "sub_jobs": {
        "python": {
            "ModuleName": "python",
            "Status": "Success",
            "ModulesStatus": "Available",
            "StartTime": "2022-04-12T07:34:09.41+08:00",
            "EndTime": "2022-04-12T07:48:14+08:00",
        }
    },
    "status": "Success",
    "time_limit": 3600000000000,
    "meta_data": {
        "name": "fate-9999",
        "namespace": "fate-9999",
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "cover": False,
        "data": "eyJjaGFydE5hbWUiOiJmYXRlIiwuLi59",
        "Keep_upgrade_job": False,
    },
    "states": [
        "update job status to Running",
        "create Cluster in DB Success",
        "helm install Success",
        "checkout Cluster status [794]",
        "job run Success",
    ],
    "ID": 7,
    "CreatedAt": "2022-04-12T07:34:09.41+08:00",
    "UpdatedAt": "2022-04-12T07:48:14.02+08:00",
    "DeletedAt": None,
}


def test_spec_job_round_trips_byte_for_byte() -> None:
    job = Job.from_wire(SPEC_JOB)
    assert job.to_wire() == SPEC_JOB
    assert json.loads(go_json_dumps(job.to_wire())) == SPEC_JOB


def test_spec_job_decodes_to_meaningful_values() -> None:
    job = Job.from_wire(SPEC_JOB)
    assert job.method is JobMethod.INSTALL and job.status is JobStatus.SUCCESS
    assert job.time_limit == timedelta(hours=1)
    assert job.meta_data is not None
    assert job.meta_data.data == b'{"chartName":"fate",...}'
    assert job.sub_jobs is not None
    python = job.sub_jobs["python"]
    assert python.status is SubJobStatus.SUCCESS
    assert python.modules_status is ModulesStatus.AVAILABLE
    assert job.duration == timedelta(minutes=14, seconds=4, microseconds=610000)
    assert job.states is not None and job.states[3] == "checkout Cluster status [794]"


def test_unfinished_job_has_go_zero_end_time_and_null_collections() -> None:
    start = datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=timezone(timedelta(hours=8)))
    job = Job(uuid="u", method=JobMethod.DELETE, creator="admin", start_time=start)
    wire = job.to_wire()
    assert wire["end_time"] == "0001-01-01T00:00:00Z"
    assert wire["start_time"] == "2026-01-02T03:04:05.12+08:00"
    assert wire["sub_jobs"] is None and wire["states"] is None and wire["meta_data"] is None
    assert wire["DeletedAt"] is None
    assert Job.from_wire(wire).end_time is None


def test_empty_collections_stay_empty_not_null() -> None:
    job = Job(uuid="u", method=JobMethod.INSTALL, creator="a", sub_jobs={}, states=())
    wire = job.to_wire()
    assert wire["sub_jobs"] == {} and wire["states"] == []
    again = Job.from_wire(wire)
    assert again.sub_jobs == {} and again.states == ()


def test_cluster_args_use_kubefate_keys_and_base64_data() -> None:
    document = b"name: fate-9999\nnamespace: fate-9999\n"
    args = ClusterArgs(
        "fate-9999", "fate-9999", "fate", "v2.0.0", data=document, keep_upgrade_job=True
    )
    wire = args.to_wire()
    assert list(wire) == [
        "name",
        "namespace",
        "chart_name",
        "chart_version",
        "cover",
        "data",
        "Keep_upgrade_job",
    ]
    assert base64.b64decode(wire["data"]) == document
    assert wire["Keep_upgrade_job"] is True
    assert ClusterArgs.from_wire(wire) == args


def test_cluster_args_accept_swagger_int_array_and_go_case_insensitive_keys() -> None:
    args = ClusterArgs.from_wire({"NAME": "a", "Namespace": "b", "data": [104, 105]})
    assert (args.name, args.namespace, args.data) == ("a", "b", b"hi")


def test_cluster_list_item_matches_spec_shape() -> None:
    cluster = Cluster(
        uuid="24bb",
        name="fate-9999",
        namespace="fate-9999",
        chart_name="fate",
        chart_version="v2.0.0",
        values='{"chartName":"fate"}',
        spec={"chartName": "fate", "partyId": 9999},
        revision=1,
        status=ClusterStatus.RUNNING,
    )
    wire = cluster.to_wire()
    assert list(wire)[:11] == [
        "uuid",
        "name",
        "namespaces",
        "chart_name",
        "chart_version",
        "values",
        "Spec",
        "revision",
        "helm_revision",
        "chart_values",
        "status",
    ]
    assert "Info" not in wire  # omitempty, lists never carry Info
    assert wire["chart_values"] is None and wire["status"] == "Running"
    assert Cluster.from_wire(wire) == cluster


def test_cluster_without_spec_omits_the_key() -> None:
    wire = Cluster(uuid="u", name="n", namespace="ns").to_wire()
    assert "Spec" not in wire and "Info" not in wire


def test_user_wire_never_carries_password_or_salt() -> None:
    leaked = {
        "uuid": "u1",
        "username": "bob",
        "password": "ab" * 256,
        "salt": "x" * 128,
        "email": "",
        "userStatus": "Deprecate",
        "ID": 2,
        "CreatedAt": "2024-01-01T00:00:00Z",
        "UpdatedAt": "2024-01-01T00:00:00Z",
        "DeletedAt": None,
    }
    user = User.from_wire(leaked)
    wire = user.to_wire()
    assert "password" not in wire and "salt" not in wire
    assert "email" not in wire  # omitempty
    assert wire["userStatus"] == "Deprecate" and user.status is UserStatus.DEPRECATE


def test_chart_templates_are_base64_on_the_wire() -> None:
    from backend.models import ChartFile

    chart = HelmChart(
        uuid="c",
        name="fate",
        version="v2.0.0",
        app_version="v2.0.0",
        templates=(ChartFile("templates/a.yaml", b"kind: X\n"),),
    )
    wire = chart.to_wire()
    assert wire["templates"] == [{"name": "templates/a.yaml", "data": "a2luZDogWAo="}]
    assert "archive" not in wire
    assert HelmChart.from_wire(wire).templates == chart.templates


def test_namespace_keys_are_capitalised() -> None:
    wire = Namespace("fate-9999", "Active", "3d4h").to_wire()
    assert wire == {
        "Name": "fate-9999",
        "Status": "Active",
        "Labels": None,
        "Annotations": None,
        "Age": "3d4h",
    }


@pytest.mark.parametrize(
    ("enum", "text", "code"),
    [
        (ClusterStatus, "Pending", 1),
        (ClusterStatus, "Running", 5),
        (ClusterStatus, "Deleted", 7),
        (ClusterStatus, "Unknown", 10),
        (JobStatus, "Success", 3),
        (JobStatus, "Stopping", 7),
        (JobStatus, "Canceled", 8),
        (UserStatus, "Deprecate", 1),
        (UserStatus, "Available", 2),
    ],
)
def test_status_codes_are_kubefates(enum: type[ClusterStatus], text: str, code: int) -> None:
    assert enum(text).code == code
    assert enum.from_code(code).value == text


def test_unknown_status_strings_are_tolerated() -> None:
    wire = dict(SPEC_JOB, status="Exploded")
    assert Job.from_wire(wire).status is JobStatus.FAILED
    cluster = Cluster.from_wire({"uuid": "u", "name": "n", "namespaces": "x", "status": None})
    assert cluster.status is ClusterStatus.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2022-04-12T07:34:09.41+08:00",
            datetime(2022, 4, 12, 7, 34, 9, 410000, timezone(timedelta(hours=8))),
        ),
        ("2022-04-12T07:34:09.123456789Z", datetime(2022, 4, 12, 7, 34, 9, 123456, UTC)),
        (
            "2022-04-12T07:34:09-05:30",
            datetime(2022, 4, 12, 7, 34, 9, 0, timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("0001-01-01T00:00:00Z", None),
        ("", None),
        (None, None),
    ],
)
def test_times_parse_every_go_form(text: str | None, expected: datetime | None) -> None:
    assert parse_time(text) == expected


def test_time_formatting_trims_zeros_and_uses_z_for_utc() -> None:
    assert format_time(datetime(2024, 5, 6, 7, 8, 9, 500000, UTC)) == "2024-05-06T07:08:09.5Z"
    assert format_time(datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)) == "2024-05-06T07:08:09Z"
    assert format_time(None) == "0001-01-01T00:00:00Z"


@pytest.mark.parametrize("bad", ["yesterday", "2022-13-45T00:00:00Z", 12])
def test_bad_times_raise_a_wire_error(bad: object) -> None:
    with pytest.raises(WireFormatError):
        parse_time(bad)


def test_illegal_base64_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError, match="illegal base64"):
        decode_bytes("not base64!")


def test_go_json_escapes_html_characters() -> None:
    assert go_json_dumps({"error": "<a> & b"}) == '{"error":"\\u003ca\\u003e \\u0026 b"}'


def test_first_json_value_reads_the_first_of_two_bodies() -> None:
    body = '{"error":"record not found"}{"msg":"getUser Success","data":{}}'
    assert first_json_value(body) == {"error": "record not found"}
