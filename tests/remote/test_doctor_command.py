"""`kubefate-tui doctor URL`, run in-process through the parser add_doctor_parser defines."""

from __future__ import annotations

import argparse
import io
import json
import socket

import pytest

from kubefate_tui.subcommands.doctor_command import add_doctor_parser, run
from tests.remote.kubefate_double import KubefateDouble


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kubefate-tui")
    add_doctor_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["doctor", *argv])


def doctor(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parse(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_parser_defines_the_options() -> None:
    args = parse(["kf.example:8080"])
    assert args.url == "kf.example:8080"
    assert args.password_env == "FATECLOUD_USER_PASSWORD"
    assert (args.username, args.ca_bundle, args.insecure, args.format) == (
        None,
        None,
        False,
        "text",
    )
    assert args.handler is run


def test_no_password_option_exists() -> None:
    with pytest.raises(SystemExit) as caught:
        parse(["kf.example", "--password", "secret"])
    assert caught.value.code == 2


def test_ca_bundle_and_insecure_exclude_each_other() -> None:
    with pytest.raises(SystemExit) as caught:
        parse(["kf.example", "--ca-bundle", "x.pem", "--insecure"])
    assert caught.value.code == 2


async def test_all_steps_pass(double: KubefateDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FATECLOUD_USER_PASSWORD", raising=False)
    monkeypatch.delenv("FATECLOUD_USER_USERNAME", raising=False)
    code, out, err = await _in_thread([double.serviceurl])
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(f"Checking the KubeFATE service at {double.url} as 'admin'")
    assert "FATECLOUD_USER_PASSWORD is not set" in lines[0]
    assert lines[1].startswith("✓ resolve host: 127.0.0.1")
    assert sum(line.startswith("✓ ") for line in lines) == 6
    assert lines[-1] == "All checks passed."
    assert err == ""


async def test_wrong_password_from_the_named_variable(
    double: KubefateDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_KUBEFATE_PASSWORD", "wrong")
    code, out, _ = await _in_thread([double.url, "--password-env", "MY_KUBEFATE_PASSWORD"])
    assert code == 1
    assert "password from $MY_KUBEFATE_PASSWORD" in out
    assert "✗ log in: user 'admin': HTTP 401 incorrect Username or Password" in out
    assert "    Wrong username or password" in out
    assert "wrong" not in out.replace("Wrong", "").replace("wrong username", "")


async def test_json_output_for_a_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out, _ = await _in_thread([f"127.0.0.1:{port}", "--format", "json"])
    assert code == 1
    report = json.loads(out)
    assert report["url"] == f"http://127.0.0.1:{port}"
    assert report["ok"] is False
    assert [step["name"] for step in report["steps"]] == ["resolve host", "TCP connect"]
    assert report["steps"][1]["ok"] is False
    assert "Nothing listens" in report["steps"][1]["explanation"]


async def test_an_html_server(double: KubefateDouble) -> None:
    double.fault("html")
    code, out, _ = await _in_thread([double.serviceurl])
    assert code == 1
    assert "✗ GET /:" in out and "not KubeFATE" in out


def test_bad_usage_is_exit_2() -> None:
    code, out, err = doctor(["ftp://kf.example"])
    assert code == 2 and out == ""
    assert "scheme must be http or https" in err
    code, _, err = doctor(["kf.example", "--ca-bundle", "/nonexistent/ca.pem"])
    assert code == 2
    assert "no such file" in err


def test_marks_fall_back_to_words_on_an_ascii_terminal() -> None:
    from kubefate_tui.subcommands.doctor_command import _marks

    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert _marks(ascii_stream) == ("OK  ", "FAIL")


async def _in_thread(argv: list[str]) -> tuple[int, str, str]:
    """run() calls asyncio.run, so it cannot run on the test's own loop."""
    import asyncio

    return await asyncio.to_thread(doctor, argv)
