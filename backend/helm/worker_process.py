"""The console's handle on one Helm worker process: start it, ask it one thing, stop it."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import sys
from pathlib import Path
from typing import Any

import backend
from backend.helm.protocol import HEADER, ProtocolError, body_length, decode_body, encode
from backend.helm.worker_requests import WorkerRequest, request_args

_PROJECT_ROOT = Path(backend.__file__).resolve().parent.parent
_MAX_LOG_BYTES = 8 * 1024 * 1024  # rotate once past this, keeping one old file
_TAIL_BYTES = 16 * 1024
_LAST_WORDS = ("panic:", "fatal error:", "SIGSEGV", "Fatal Python error")
# The field manager Kubernetes records for everything Helm applies for us (`kubectl get -o yaml
# --show-managed-fields` shows it). Helm's SDK takes it from the base name of the process's
# argv[0] (kube.ManagedFieldsManager is a Go variable no binding can set), which for a Python
# worker would be `python3`: a name every other Python tool shares.
FIELD_MANAGER = "kubefate-tui"


class WorkerLost(Exception):
    """The worker process ended (or broke the protocol) while we waited on it."""

    def __init__(self, how: str, last_words: str = "") -> None:
        super().__init__(how)
        self.how = how
        self.last_words = last_words


class WorkerStartFailed(WorkerLost):
    """The worker ended before it said it was ready: Helm's library cannot be used here."""


class WorkerProcess:
    """One `python -m backend.helm.worker` child, serving one request at a time."""

    _ids = itertools.count(1)

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path, helm: str) -> None:
        self._process = process
        self._log_path = log_path
        self.helm_version = helm

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return self._process.returncode is None

    @classmethod
    async def start(cls, log_path: Path, timeout: float) -> WorkerProcess:
        """Spawn a worker whose fd 2 (and, inside, fd 1) goes to `log_path`, and await `ready`."""
        process = await _spawn(log_path)
        worker = cls(process, log_path, "")
        try:
            hello = await asyncio.wait_for(worker._receive(), timeout)
        except WorkerLost as lost:
            raise WorkerStartFailed(lost.how, lost.last_words) from None
        except BaseException:  # timed out or cancelled while starting: leave no process behind
            await worker.kill()
            raise
        if not hello.get("ready"):
            await worker.kill()
            raise WorkerStartFailed("it did not announce itself")
        worker.helm_version = str(hello.get("helm", ""))
        return worker

    async def call(self, request: WorkerRequest) -> dict[str, Any]:
        """Send one request and wait for its response (the caller bounds the wait).
        TypeError, before anything is sent, if JSON cannot carry the request's values."""
        request_id = next(self._ids)
        stdin = self._process.stdin
        assert stdin is not None
        frame = encode({"id": request_id, "op": request.OPERATION, "args": request_args(request)})
        try:
            stdin.write(frame)
            await stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            raise await self._lost() from None
        response = await self._receive()
        if response.get("id") != request_id:
            await self.kill()
            raise WorkerLost("it answered a different request (protocol out of step)")
        return response

    async def kill(self) -> None:
        """Stop the worker now (SIGKILL: a Go call in progress cannot be interrupted otherwise)."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
        with contextlib.suppress(ProcessLookupError):
            await self._process.wait()
        if self._process.stdin is not None:
            self._process.stdin.close()

    async def close(self) -> None:
        """Ask the worker to finish (end of input), killing it if it does not within 2 s."""
        if self._process.stdin is not None and not self._process.stdin.is_closing():
            self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), 2.0)
        except TimeoutError:
            await self.kill()

    async def _receive(self) -> dict[str, Any]:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            header = await stdout.readexactly(HEADER.size)
            return decode_body(await stdout.readexactly(body_length(header)))
        except (asyncio.IncompleteReadError, ConnectionResetError):
            raise await self._lost() from None
        except ProtocolError as error:
            await self.kill()
            raise WorkerLost(f"it broke the protocol ({error})") from None

    async def _lost(self) -> WorkerLost:
        code = await self._process.wait()
        return WorkerLost(_describe_exit(code), last_words(self._log_path, self.pid))


async def _spawn(log_path: Path) -> asyncio.subprocess.Process:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    _rotate(log_path)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(_PROJECT_ROOT), env.get("PYTHONPATH", "")) if part
    )
    # 0600: Helm's messages can quote chart values, and the log may sit in a shared folder
    # beside a `--db` database.
    descriptor = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with open(descriptor, "ab") as log:
        return await asyncio.create_subprocess_exec(
            _worker_argv0(),
            "-P",  # no current directory on sys.path: nothing there can shadow our modules
            "-m",
            "backend.helm.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
            env=env,
            # Its own session: signals meant for the console's process group (Ctrl-C, SIGHUP
            # of a closed terminal) do not reach Helm in the middle of an install.
            start_new_session=True,
            executable=sys.executable,
        )


def _worker_argv0() -> str:
    """argv[0] for the worker: named FIELD_MANAGER, in the interpreter's own folder.

    Python finds its standard library and a virtualenv's pyvenv.cfg from argv[0]'s folder, so
    the name changes and the folder stays: the virtualenv's bin/ when there is one (not
    resolved: its python is a symlink out of the virtualenv), else the real interpreter's.
    """
    executable = Path(sys.executable)
    folder = executable.parent if sys.prefix != sys.base_prefix else executable.resolve().parent
    return str(folder / FIELD_MANAGER)


def _rotate(log_path: Path) -> None:
    with contextlib.suppress(OSError):
        if log_path.stat().st_size > _MAX_LOG_BYTES:
            log_path.replace(log_path.with_name(log_path.name + ".1"))


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    if code == 2:
        return "exit code 2, which is how a Go panic ends"
    return f"exit code {code}"


def last_words(log_path: Path, pid: int) -> str:
    """The last panic/fatal line this worker wrote near the end of the log, if any."""
    try:
        with open(log_path, "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - _TAIL_BYTES))
            tail = log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    # Only what follows this worker's first line: an older worker's panic is not news.
    marker = tail.find(f"[helm-worker {pid}]")
    found = ""
    for line in tail[max(marker, 0) :].splitlines():
        if line.startswith(_LAST_WORDS) or "cannot load Helm's library" in line:
            found = line.strip()
    return found
