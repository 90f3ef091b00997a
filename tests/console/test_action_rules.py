"""The checks behind the action dialogs, without a screen: names, user fields, request args."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.models.account_rules import username_problem
from backend.schema.findings import Finding
from kubefate_tui.actions.cluster_file import ClusterFileError, read_cluster_file
from kubefate_tui.actions.namespace_actions import namespace_name_problem
from kubefate_tui.dialogs.findings_dialog import count_text, finding_text
from kubefate_tui.dialogs.user_form import user_problems
from tests.schema.helpers import alias_bomb


def test_args_keep_the_chart_version_as_written(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    text = "name: fate-1\nnamespace: fate-ns\nchartName: fate\nchartVersion: 1.10\n"
    path.write_text(text)
    args = read_cluster_file(path).cluster_args()
    assert (args.name, args.namespace, args.chart_name, args.chart_version) == (
        "fate-1",
        "fate-ns",
        "fate",
        "1.10",  # not 1.1, the float YAML would make of it
    )
    assert args.data == text.encode()


def test_an_empty_identity_key_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    path.write_text("name: fate-1\nnamespace:\nchartName: fate\nchartVersion: v2.0.0\n")
    with pytest.raises(ClusterFileError) as raised:
        read_cluster_file(path).cluster_args()
    assert str(raised.value) == f"{path}:2: namespace: must be set to a text value"


def test_an_alias_bomb_is_an_error_of_the_install_flow(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    identity = "name: fate-1\nnamespace: fate-ns\nchartName: fate\nchartVersion: v2.0.0\n"
    path.write_text(identity + "\n" * 5 + alias_bomb())
    [error] = read_cluster_file(path).errors
    assert (error.code, error.line, error.column) == ("yaml-limit", 16, 25)
    assert error.message == "aliases (*name) expand the document to more than 1,000,000 values"


def test_a_file_too_large_for_a_cluster_yaml_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    with path.open("wb") as handle:
        handle.truncate(4 * 8 * 1024 * 1024 + 1)
    with pytest.raises(ClusterFileError) as raised:
        read_cluster_file(path)
    assert str(raised.value) == (
        f"{path}: cannot use: the file is larger than 32 MiB; a document of at most 8 MiB is "
        "read (a cluster.yaml is a few KB)"
    )


def test_an_unreadable_file_is_named_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    path.write_bytes(b"name: \xff\n")
    with pytest.raises(ClusterFileError) as raised:
        read_cluster_file(path)
    assert str(raised.value) == f"{path}: cannot read: not UTF-8 text (byte 0xff at offset 6)"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("fate-9999", None),
        ("a" * 63, None),
        ("", "name: must not be empty"),
        ("-fate", "it must start with a letter or digit"),
        ("fate.9999", '"." is not allowed'),
        ("a" * 64, "too long: 64 > 63"),
    ],
)
def test_namespace_names_follow_rfc_1123(name: str, problem: str | None) -> None:
    said = namespace_name_problem(name)
    if problem is None:
        assert said is None
    else:
        assert said is not None and problem in said
        assert name == "" or "RFC 1123 label" in said


def test_user_fields_are_each_checked_with_the_backends_rules() -> None:
    assert user_problems("bob", "pw-of-bob", "pw-of-bob", "") == {}
    assert user_problems(" bob", "pw", "pw", "bob@example.com") == {
        "username": "username: must not contain spaces or other whitespace",
        "password": "password: at least 8 characters",
    }
    assert user_problems("b" * 256, "", "x", "nope") == {
        "username": "username: at most 255 characters",
        "password": "password: must not be empty",
        "repeat": "repeat password: does not match the password",
        "email": "email: 'nope' is not an address like name@example.com",
    }
    # The form says exactly what the backend would: one set of rules (account_rules.py).
    for name in ("bob\u200b", "a b", "\x07"):
        assert user_problems(name, "pw-of-bob", "pw-of-bob", "")["username"] == username_problem(
            name
        )


def test_finding_counts_leave_out_what_there_is_none_of() -> None:
    error = Finding("error", "type", "partyId", 5, 10, "partyId must be an integer")
    warning = Finding("warning", "v1-layout", "rollsite", 39, 1, "rename it to osx")
    assert count_text([error, error, warning]) == "2 errors, 1 warning"
    assert count_text([warning, warning]) == "2 warnings"
    assert finding_text(error) == "5:10 error type partyId must be an integer [partyId]"  # once
