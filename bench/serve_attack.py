"""Hostile traffic against `kubefate-tui serve`, bounded in count and time.

Starts `kubefate-tui serve` on 127.0.0.1 (a free port, its own temporary database and data
folder, no chart repository, and a kubeconfig naming a closed loopback port, so installs are
read but no cluster is ever reached) and replays, while watching the server's memory:

1. the YAML alias bomb: `POST /v1/cluster` whose cluster.yaml (~700 bytes) has nine levels of
   nine aliases, i.e. 9**9 (~387 million) strings once expanded;
2. tar header bombs in `POST /v1/chart`: a GNU long-name header (1 MB name) and a pax header
   (1 MB record), each a small gzip;
3. 200 slow connections, each sending part of a request head, then a byte a second;
4. the forwarded-header throttle bypass: 20 failed logins, each with its own X-Forwarded-For.

A normal login (the right password, from a fresh connection) is timed while attacks 1-3 are
in flight (attack 4 comes last: it locks 127.0.0.1 out of logging in, which is its point).

Prints the server's peak RSS (VmHWM of its process; target < 500 MB), the time of that login
(target < 1 s), and for each attack whether every request got a 4xx (for the slow connections:
whether every one was closed), each with PASS or MISS. Safety: if the server's RSS passes
RSS_KILL_MB it is killed (and the rest is reported as MISS); nothing runs longer than
DEADLINE_S. Always exits 0 (a benchmark, not a test). Timings taken while other work runs on the
machine are noisy.

    python bench/serve_attack.py
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # nothing here ever talks to anything else
ADMIN_PASSWORD = "attack-bench-admin"
RSS_TARGET_MB = 500
LOGIN_TARGET_S = 1.0
RSS_KILL_MB = 1000  # the machine is shared: a server past this is stopped, not waited for
DEADLINE_S = 150  # the whole run
REQUEST_TIMEOUT_S = 30
SLOW_CLIENTS = 200
SLOW_CLIENT_WAIT_S = 30  # the server's head deadline is 10 s: all should be gone well before
THROTTLE_ATTEMPTS = 20
MIB = 1024 * 1024


# --- the payloads ------------------------------------------------------------------------------


def alias_bomb() -> bytes:
    """A cluster.yaml whose aliases expand to 9**9 strings (a few hundred bytes as written)."""
    lines = [
        "name: fate-9999",
        "namespace: fate-9999",
        "chartName: fate",
        "chartVersion: v2.0.0",
        "partyId: 9999",
        "registry: ''",
        "pullPolicy: IfNotPresent",
        "imagePullSecrets: []",
        "persistence: false",
        "istio:",
        "  enabled: false",
        "podSecurityPolicy:",
        "  enabled: false",
        "ingressClassName: nginx",
        "modules:",
        *(f"  - {module}" for module in ("mysql", "python", "fateboard", "client", "osx")),
        "computing: Eggroll",
        "federation: OSX",
        "storage: Eggroll",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
        previous = name
    lines.append(f"skippedKeys: *{previous}")
    return ("\n".join(lines) + "\n").encode()


def tar_gz(member: tarfile.TarInfo, data: bytes, tar_format: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tar_format) as tar:
        tar.addfile(member, io.BytesIO(data))
    return gzip.compress(raw.getvalue())


def gnu_long_name_bomb() -> bytes:
    member = tarfile.TarInfo("fate/" + "n" * MIB)  # written as a 1 MB ././@LongLink record
    member.size = 0
    return tar_gz(member, b"", tarfile.GNU_FORMAT)


def pax_header_bomb() -> bytes:
    member = tarfile.TarInfo("fate/Chart.yaml")
    payload = b"name: fate\nversion: v2.0.0\n"
    member.size = len(payload)
    member.pax_headers = {"comment": "x" * MIB}  # a 1 MB pax extended-header record
    return tar_gz(member, payload, tarfile.PAX_FORMAT)


def multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "serve-attack-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/gzip\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


# --- the server and its memory -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def status_kb(pid: int, key: str) -> int:
    """A `VmRSS`/`VmHWM` figure of /proc/<pid>/status, in kB (0 once the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class MemoryWatch:
    """Samples the server's RSS every 50 ms; kills it past RSS_KILL_MB."""

    pid: int
    peak_kb: int = 0
    killed: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.sample()
            if status_kb(self.pid, "VmRSS") > RSS_KILL_MB * 1024 and not self.killed:
                self.killed = True
                os.kill(self.pid, signal.SIGKILL)

    def sample(self) -> None:
        self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmHWM"), status_kb(self.pid, "VmRSS"))

    def stop(self) -> None:
        self.sample()
        self._stop.set()


# A cluster on a closed loopback port: Kubernetes counts as configured (so an install is read
# and parsed, which is what the YAML bomb needs) but nothing is ever reached.
UNREACHABLE_KUBECONFIG = """\
apiVersion: v1
kind: Config
current-context: down
clusters: [{name: down, cluster: {server: 'https://127.0.0.1:9'}}]
contexts: [{name: down, context: {cluster: down, user: nobody}}]
users: [{name: nobody, user: {token: none}}]
"""


def start_server(folder: Path, port: int) -> subprocess.Popen[bytes]:
    kubeconfig = folder / "unreachable-kubeconfig"
    kubeconfig.write_text(UNREACHABLE_KUBECONFIG, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("FATECLOUD_")}
    env.update(
        HOME=str(folder),
        XDG_DATA_HOME=str(folder / "data"),
        KUBECONFIG=str(kubeconfig),
        FATECLOUD_REPO_URL="",  # no chart repository: nothing leaves the machine
        FATECLOUD_USER_PASSWORD=ADMIN_PASSWORD,
        PYTHONPATH=str(ROOT),
    )
    log = open(folder / "serve.log", "wb")  # noqa: SIM115 (the process keeps it)
    argv = ["serve", "--host", HOST, "--port", str(port), "--db", str(folder / "kf.db")]
    return subprocess.Popen(
        [sys.executable, "-m", "kubefate_tui", *argv],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=log,
    )


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up; see serve.log")
        try:
            httpx.get(url + "/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 60 s")


# --- the attacks -------------------------------------------------------------------------------


@dataclass
class Verdict:
    name: str
    passed: bool
    detail: str


async def statuses_of(calls: Sequence[Callable[[], object]]) -> list[int | str]:
    """Run request coroutines; each gives a status code, or the error's name."""
    results: list[int | str] = []
    for call in calls:
        try:
            response = await call()  # type: ignore[misc]
            results.append(response.status_code)
        except httpx.HTTPError as error:
            results.append(type(error).__name__)
    return results


def all_4xx(name: str, statuses: list[int | str]) -> Verdict:
    ok = all(isinstance(s, int) and 400 <= s < 500 for s in statuses)
    return Verdict(name, ok, "answers: " + ", ".join(map(str, statuses)))


async def alias_bomb_attack(client: httpx.AsyncClient, token: str) -> Verdict:
    body = {
        "name": "fate-9999",
        "namespace": "fate-9999",
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "data": base64.b64encode(alias_bomb()).decode(),
    }
    headers = {"Authorization": f"Bearer {token}"}
    size = len(alias_bomb())
    statuses = await statuses_of(
        [lambda: client.post("/v1/cluster", content=json.dumps(body), headers=headers)]
    )
    verdict = all_4xx(f"YAML alias bomb ({size} bytes) in POST /v1/cluster", statuses)
    return verdict


async def tar_bomb_attack(client: httpx.AsyncClient, token: str) -> Verdict:
    calls = []
    sizes = []
    for archive in (gnu_long_name_bomb(), pax_header_bomb()):
        content, content_type = multipart("fate-v2.0.0.tgz", archive)
        sizes.append(len(archive))
        headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
        calls.append(lambda c=content, h=headers: client.post("/v1/chart", content=c, headers=h))
    statuses = await statuses_of(calls)
    name = (
        "tar header bombs in POST /v1/chart "
        f"(GNU long name, pax; {sizes[0]} and {sizes[1]} bytes gzip)"
    )
    return all_4xx(name, statuses)


async def one_slow_client(port: int, opened: list[float], closed: list[float]) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    started = time.monotonic()
    opened.append(started)
    try:
        writer.write(b"POST /v1/user/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: ")
        while time.monotonic() - started < SLOW_CLIENT_WAIT_S:
            writer.write(b"a")
            await writer.drain()
            try:
                chunk = await asyncio.wait_for(reader.read(4096), 1.0)
            except TimeoutError:
                continue
            if not chunk or b"408" in chunk:  # closed (after a 408, the close follows)
                closed.append(time.monotonic() - started)
                return
    except ConnectionError:
        closed.append(time.monotonic() - started)
    finally:
        writer.close()


async def slow_client_attack(port: int) -> Verdict:
    opened: list[float] = []
    closed: list[float] = []
    await asyncio.gather(
        *(one_slow_client(port, opened, closed) for _ in range(SLOW_CLIENTS)),
        return_exceptions=True,
    )
    longest = f", the last after {max(closed):.1f} s" if closed else ""
    return Verdict(
        f"{SLOW_CLIENTS} slow connections trickling a byte a second",
        len(closed) == SLOW_CLIENTS,
        f"{len(opened)} opened, {len(closed)} closed by the server within "
        f"{SLOW_CLIENT_WAIT_S} s{longest}",
    )


async def throttle_attack(client: httpx.AsyncClient) -> Verdict:
    wrong = {"username": "admin", "password": "not-the-password"}
    calls = [
        lambda n=n: client.post(
            "/v1/user/login", json=wrong, headers={"X-Forwarded-For": f"203.0.113.{n}"}
        )
        for n in range(THROTTLE_ATTEMPTS)
    ]
    statuses = await statuses_of(calls)
    checked = statuses.count(401)
    verdict = all_4xx(
        f"{THROTTLE_ATTEMPTS} failed logins, each with its own X-Forwarded-For", statuses
    )
    throttled = checked <= 5 and statuses.count(429) == THROTTLE_ATTEMPTS - checked
    verdict.passed = verdict.passed and throttled
    verdict.detail = (
        f"{checked} passwords checked, {statuses.count(429)} refused by the throttle (429)"
    )
    return verdict


async def timed_login(url: str, delay: float) -> float:
    """Seconds a correct login takes, `delay` seconds from now (inf if it fails)."""
    await asyncio.sleep(delay)
    try:
        async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S) as client:
            started = time.monotonic()
            response = await client.post(
                "/v1/user/login", json={"username": "admin", "password": ADMIN_PASSWORD}
            )
            elapsed = time.monotonic() - started
    except httpx.HTTPError:
        return float("inf")
    return elapsed if response.status_code == 200 else float("inf")


class Server:
    """The server under attack; started again if an attack got it killed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.watches: list[MemoryWatch] = []

    @property
    def watch(self) -> MemoryWatch:
        return self.watches[-1]

    def ensure_running(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.starts += 1
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.process = start_server(self.folder, self.port)
        wait_until_up(self.url, self.process)
        self.watches.append(MemoryWatch(self.process.pid))
        self.watch.start()
        self.idle_kb = status_kb(self.process.pid, "VmRSS")

    def peak_kb(self) -> int:
        self.watch.sample()
        return max(w.peak_kb for w in self.watches)

    def stop(self) -> None:
        for watch in self.watches:
            watch.stop()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Round:
    verdict: Verdict
    login_seconds: float | None  # a normal login timed during this attack
    peak_mb: float  # the server's peak RSS once this attack was over
    killed: bool


async def with_login(server: Server, attack: object, login_delay: float) -> tuple[Verdict, float]:
    login = asyncio.ensure_future(timed_login(server.url, login_delay))
    verdict = await attack  # type: ignore[misc]
    return verdict, await login


async def token_for(url: str) -> str:
    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S) as client:
        login = await client.post(
            "/v1/user/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
    token: str = login.json()["token"]
    return token


async def play(server: Server, which: str) -> Round:
    """One attack against a running server (started again first if need be)."""
    server.ensure_running()
    async with httpx.AsyncClient(base_url=server.url, timeout=REQUEST_TIMEOUT_S) as client:
        login_seconds: float | None = None
        if which == "slow":  # the login comes while all the slow connections are open
            verdict, login_seconds = await with_login(server, slow_client_attack(server.port), 3)
        elif which == "tar":
            token = await token_for(server.url)
            verdict, login_seconds = await with_login(server, tar_bomb_attack(client, token), 0.2)
        elif which == "alias":
            token = await token_for(server.url)
            attack = alias_bomb_attack(client, token)
            verdict, login_seconds = await with_login(server, attack, 0.5)
        else:  # last: it locks this address out of logging in, which is its point
            verdict = await throttle_attack(client)
    killed = server.watch.killed
    if killed:
        verdict.passed = False
        verdict.detail += f"; the server was killed at over {RSS_KILL_MB} MB"
    return Round(verdict, login_seconds, server.peak_kb() / 1024, killed)


async def attack(server: Server) -> list[Round]:
    rounds = []
    for which in ("slow", "tar", "alias", "throttle"):
        try:
            rounds.append(await play(server, which))
        except (httpx.HTTPError, OSError, KeyError, ValueError) as error:
            verdict = Verdict(which, False, f"stopped: {type(error).__name__}: {error}")
            rounds.append(Round(verdict, None, server.peak_kb() / 1024, server.watch.killed))
    return rounds


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="serve-attack-") as temporary:
        server = Server(Path(temporary))
        try:
            server.ensure_running()
            idle_kb = server.idle_kb
            try:
                rounds = asyncio.run(asyncio.wait_for(attack(server), DEADLINE_S))
            except TimeoutError:
                rounds = []
                print(f"the run passed its {DEADLINE_S} s deadline and was stopped")
        finally:
            server.stop()
        report(server, idle_kb, rounds)


def report(server: Server, idle_kb: int, rounds: list[Round]) -> None:
    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    killed = any(r.killed for r in rounds)
    peak_mb = server.peak_kb() / 1024
    note = f", killed at over {RSS_KILL_MB} MB and started again" if killed else ""
    rss_ok = peak_mb < RSS_TARGET_MB and not killed
    print(f"server peak RSS: {peak_mb:.0f} MB (idle {idle_kb / 1024:.0f} MB{note}), "
          f"target < {RSS_TARGET_MB} MB: {mark(rss_ok)}")  # fmt: skip
    logins = [(r.verdict.name, r.login_seconds) for r in rounds if r.login_seconds is not None]
    worst = max((seconds for _, seconds in logins), default=float("inf"))

    def seconds_text(seconds: float) -> str:
        return "failed" if seconds == float("inf") else f"{seconds:.3f} s"

    shown = "; ".join(f"{seconds_text(s)} during {name.split(' (')[0]}" for name, s in logins)
    print(f"normal login during the attack: worst {seconds_text(worst)} ({shown}), "
          f"target < {LOGIN_TARGET_S:g} s: {mark(worst < LOGIN_TARGET_S)}")  # fmt: skip
    for played in rounds:
        verdict = played.verdict
        print(f"{verdict.name}: {verdict.detail} [peak RSS so far {played.peak_mb:.0f} MB]: "
              f"{mark(verdict.passed)}")  # fmt: skip
    if len(rounds) < 4:
        print("some attacks did not run: MISS")
    print(f"(server started {server.starts} time(s); figures are noisy on a shared machine)")


if __name__ == "__main__":
    main()
