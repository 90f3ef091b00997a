"""`kubefate-tui serve`: where it listens, which database, when it refuses, how it stops."""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.auth import AdminOutcome
from backend.models import User
from backend.paths import default_db_path
from backend.service_settings import load_settings
from kubefate_tui.subcommands import serve_command
from kubefate_tui.subcommands.admin_announcement import announce_generated_password
from kubefate_tui.subcommands.serve_command import ServeConfigError, add_serve_parser, plan_serve

REPO_ROOT = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kubefate-tui")
    parser.add_argument("--db")
    add_serve_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working directory without config.yaml and an environment without FATECLOUD_*."""
    for variable in list(os.environ):
        if variable.startswith("FATECLOUD_"):
            monkeypatch.delenv(variable)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def plan(environ: dict[str, str], *argv: str) -> serve_command.ServePlan:
    settings = load_settings(environ, Path("config.yaml"))
    return plan_serve(parse(*argv), settings, environ)


def test_the_default_is_loopback_8080_and_the_user_database(workdir: Path) -> None:
    decided = plan({})
    assert (decided.host, decided.port, decided.db_path) == ("127.0.0.1", 8080, default_db_path())
    assert decided.url == "http://127.0.0.1:8080"


def test_kubefates_address_variable_needs_tls_or_the_proxy_flag(workdir: Path) -> None:
    stock = {"FATECLOUD_SERVER_ADDRESS": "0.0.0.0", "FATECLOUD_SERVER_PORT": "8080"}
    with pytest.raises(ServeConfigError, match="FATECLOUD_SERVER_BEHINDTLSPROXY=true"):
        plan(stock)
    decided = plan({**stock, "FATECLOUD_SERVER_BEHINDTLSPROXY": "true"})
    assert (decided.host, decided.behind_tls_proxy) == ("0.0.0.0", True)
    assert plan(stock, "--behind-tls-proxy").host == "0.0.0.0"
    assert plan(stock, "--host", "127.0.0.1").host == "127.0.0.1"  # the option wins
    assert plan({}, "--host", "::1", "--port", "9090").url == "http://[::1]:9090"
    with pytest.raises(ServeConfigError, match="expected true or false"):
        plan({**stock, "FATECLOUD_SERVER_BEHINDTLSPROXY": "maybe"})


def test_tls_files_allow_any_address(workdir: Path) -> None:
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    cert.write_text("cert")
    key.write_text("key")
    decided = plan({}, "--host", "0.0.0.0", "--tls-cert", str(cert), "--tls-key", str(key))
    assert decided.url == "https://0.0.0.0:8080"
    from_env = {"FATECLOUD_SERVER_TLSCERT": str(cert), "FATECLOUD_SERVER_TLSKEY": str(key)}
    assert plan(from_env, "--host", "10.0.0.5").tls_key == key
    with pytest.raises(ServeConfigError, match="go together"):
        plan({}, "--host", "0.0.0.0", "--tls-cert", str(cert))
    with pytest.raises(ServeConfigError, match="not a readable file"):
        plan({}, "--tls-cert", str(cert), "--tls-key", str(workdir / "missing.pem"))


def test_trusted_proxies_and_allowed_origins_are_named_explicitly(workdir: Path) -> None:
    assert plan({}).trusted_proxies == ()  # nobody's X-Forwarded-For is believed
    assert plan({}, "--trusted-proxy", "10.0.0.7,10.1.0.0/16", "--trusted-proxy", "::1") \
        .trusted_proxies == ("10.0.0.7", "10.1.0.0/16", "::1")  # fmt: skip
    variable = {"FATECLOUD_SERVER_TRUSTEDPROXIES": "10.0.0.7", "FORWARDED_ALLOW_IPS": "x"}
    assert plan(variable).trusted_proxies == ("10.0.0.7",)
    assert plan({"FORWARDED_ALLOW_IPS": "10.0.0.8"}).trusted_proxies == ("10.0.0.8",)
    with pytest.raises(ServeConfigError, match="'proxy.example' is not an IP address"):
        plan({}, "--trusted-proxy", "proxy.example")
    origins = {"FATECLOUD_SERVER_ALLOWEDORIGINS": "https://a.example, https://b.example:8443"}
    assert plan(origins).allowed_origins == ("https://a.example", "https://b.example:8443")
    with pytest.raises(ServeConfigError, match="not an origin"):
        plan({}, "--allow-origin", "a.example")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_generated_password_is_said_on_a_terminal_and_only_pointed_at_elsewhere(
    tmp_path: Path,
) -> None:
    file = tmp_path / "kf.db.admin-password"
    outcome = AdminOutcome(
        User(uuid="u", username="admin", email=""),
        created=True,
        password_reset=False,
        configured=False,
        generated_password="Gener4ted-Pa55word",
        password_file=file,
    )
    terminal, log = Terminal(), io.StringIO()
    announce_generated_password(outcome, terminal)
    announce_generated_password(outcome, log)  # a pod's log, a journal: they keep what they get
    assert "Gener4ted-Pa55word" in terminal.getvalue() and str(file) in terminal.getvalue()
    assert "Gener4ted-Pa55word" not in log.getvalue() and str(file) in log.getvalue()
    kept = dataclasses.replace(outcome, created=False, generated_password=None)
    announce_generated_password(kept, terminal := Terminal())
    assert terminal.getvalue() == ""


def test_database_choice(workdir: Path) -> None:
    memory = plan({"FATECLOUD_DB_FILE": "file::memory:?cache=shared"})
    assert memory.db_path == default_db_path() and "in-memory" in memory.db_note
    assert plan({"FATECLOUD_DB_FILE": "/srv/kf.db"}).db_path == Path("/srv/kf.db")
    assert plan({"FATECLOUD_DB_FILE": "file:/srv/kf.db?mode=rwc"}).db_path == Path("/srv/kf.db")
    assert plan({"FATECLOUD_DB_FILE": "/srv/kf.db"}, "--db", "x.db").db_path == Path("x.db")
    (workdir / "config.yaml").write_text("db:\n  file: /srv/from-config.db\n")
    assert plan({}).db_path == Path("/srv/from-config.db")
    with pytest.raises(ServeConfigError, match=r"db.type \(FATECLOUD_DB_TYPE\) is mysql"):
        plan({"FATECLOUD_DB_TYPE": "mysql"})
    with pytest.raises(ServeConfigError, match="unknown database type: oracle"):
        plan({"FATECLOUD_DB_TYPE": "oracle"})


@pytest.mark.parametrize(
    ("environ", "argv", "words"),
    [
        ({}, ["--host", "0.0.0.0"], "KubeFATE's stock manifest"),
        ({"FATECLOUD_SERVER_ADDRESS": "0.0.0.0"}, [], "--behind-tls-proxy"),
        ({"FATECLOUD_DB_TYPE": "mysql"}, [], "FATECLOUD_DB_TYPE"),
        ({"FATECLOUD_SERVER_PORT": "http"}, [], "server.port (FATECLOUD_SERVER_PORT)"),
        ({"FATECLOUD_AUTH_TOKENLIFETIME": "soon"}, [], "auth.tokenLifetime"),
        ({}, ["--port", "70000"], "not a port number"),
    ],
)
def test_bad_settings_exit_2_with_a_message(
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    argv: list[str],
    words: str,
) -> None:
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    assert serve_command.run(parse("--db", str(workdir / "kf.db"), *argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("kubefate-tui serve: ") and words in err, err
    assert "Traceback" not in err
    assert not (workdir / "kf.db").exists()  # refused before opening anything


def _serve_process(
    tmp_path: Path, *argv: str, admin_password: str | None = "s3rve-pa55", **environ: str
) -> subprocess.Popen[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FATECLOUD_")}
    env.update(
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        KUBECONFIG=str(tmp_path / "no-kubeconfig"),
        FATECLOUD_REPO_URL="",
        PYTHONPATH=str(REPO_ROOT),
        **environ,
    )
    if admin_password is not None:
        env["FATECLOUD_USER_PASSWORD"] = admin_password
    code = (
        "import argparse, sys\n"
        "from kubefate_tui.subcommands.serve_command import add_serve_parser\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--db')\n"
        "add_serve_parser(parser.add_subparsers())\n"
        "args = parser.parse_args(['serve', *sys.argv[1:]])\n"
        "sys.exit(args.handler(args))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], words: str, timeout: float = 60) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if words in line:
            return line
    raise AssertionError(f"never saw {words!r}:\n{''.join(seen)}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_serve_runs_until_sigterm_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "kf.db"
    process = _serve_process(tmp_path, "--port", str(port), "--db", str(db))
    try:
        line = _wait_for_line(process, "listening on")
        assert f"listening on http://127.0.0.1:{port}, database {db}" in line
        url = f"http://127.0.0.1:{port}"
        assert httpx.get(url + "/").json() == {"msg": "kubefate run Success"}
        login = httpx.post(
            url + "/v1/user/login", json={"username": "admin", "password": "s3rve-pa55"}
        )
        token = login.json()["token"]
        response = httpx.get(url + f"/v1/version?token={token}")
        assert response.json()["version"] == "v1.4.5"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        rest = process.stderr.read()
        assert "Traceback" not in rest and token not in rest and "s3rve-pa55" not in rest, rest
        assert "?token=***" in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # The database was closed cleanly: no WAL left to replay.
    assert db.exists() and not Path(str(db) + "-wal").exists()
    # The same records, in a private file in the data folder (`kubefate-tui config path`).
    log_file = tmp_path / "data" / "kubefate-tui" / "serve.log"
    logged = log_file.read_text()
    assert f"listening on http://127.0.0.1:{port}" in logged and "?token=***" in logged
    assert token not in logged and "s3rve-pa55" not in logged
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


@pytest.mark.slow
def test_serve_on_a_new_database_without_a_password_generates_one(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "srv" / "kf.db"
    password_file = tmp_path / "srv" / "kf.db.admin-password"
    process = _serve_process(tmp_path, "--port", str(port), "--db", str(db), admin_password=None)
    try:
        said = [
            _wait_for_line(process, "admin account 'admin'"),
            _wait_for_line(process, "read it from"),  # stderr is no terminal here
            _wait_for_line(process, "listening on"),
        ]
        password = password_file.read_text().strip()
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        login = httpx.post(
            f"http://127.0.0.1:{port}/v1/user/login",
            json={"username": "admin", "password": password},
        )
        assert login.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        said.append(process.stderr.read())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert f"created with a generated password, written to {password_file}" in said[0]
    assert str(password_file) in said[1]
    assert not any(password in text for text in said)  # where it is, never what it is


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_serve_speaks_tls_on_any_address_when_given_a_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    process = _serve_process(
        tmp_path,
        "--host", "0.0.0.0", "--port", str(port), "--db", str(tmp_path / "kf.db"),
        FATECLOUD_SERVER_TLSCERT=str(cert), FATECLOUD_SERVER_TLSKEY=str(key),
    )  # fmt: skip
    try:
        assert f"https://0.0.0.0:{port}" in _wait_for_line(process, "listening on")
        response = httpx.get(f"https://127.0.0.1:{port}/", verify=False)
        assert response.json() == {"msg": "kubefate run Success"}
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_serve_reports_an_unusable_certificate_or_a_taken_port(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    process = _serve_process(
        tmp_path, "--tls-cert", str(cert), "--tls-key", str(cert), "--db", str(tmp_path / "a.db")
    )
    assert process.wait(timeout=60) == 1
    assert process.stderr is not None
    err = process.stderr.read()
    assert "kubefate-tui serve: cannot serve on https://127.0.0.1:8080" in err, err
    assert "Traceback" not in err

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve_process(tmp_path, "--port", str(port), "--db", str(tmp_path / "b.db"))
        assert process.wait(timeout=60) == 1
        err = process.stderr.read() if process.stderr else ""
        assert "address already in use" in err.lower() and "Traceback" not in err, err
