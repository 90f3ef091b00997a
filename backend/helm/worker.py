"""The Helm worker process: `python -m backend.helm.worker`.

Helm's Go library writes straight to file descriptors 1 and 2 and ends the process on a panic.
This process is where it is allowed to do both: the console starts it with fd 2 on a log file,
and here fd 1 is pointed there too, so the protocol runs on private copies of the original
stdin/stdout pipes. It serves one request at a time until its input closes.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

from backend.helm.protocol import ProtocolError, encode, read_frame
from backend.helm.worker_requests import WorkerRequest, decode_request

Runner = Callable[[WorkerRequest], object]


def main() -> int:
    requests, responses = _protocol_streams()
    # The console decides when we stop; a Ctrl-C meant for it must not cut an install in half.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from backend.helm import worker_operations as operations
    except Exception as error:  # the library is missing or broken: say so, then exit
        _log(f"cannot load Helm's library: {error!r}")
        traceback.print_exc()
        return 3
    _route_library_logging()
    _log(f"worker {os.getpid()} ready ({operations.versions()})")
    _send(responses, {"ready": True, "helm": operations.versions()})
    while (request := read_frame(requests)) is not None:
        _send(responses, _serve(operations.run, request))
    return 0


def _protocol_streams() -> tuple[BinaryIO, BinaryIO]:
    requests = os.fdopen(os.dup(0), "rb")
    responses = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # Go's fmt.Print and Python's print now land in the log, not in the protocol
    return requests, responses


def _route_library_logging() -> None:
    """Helm's own log records (install progress, warnings) go to the log file too."""
    import helm_python as helm

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s helm %(levelname)s %(message)s"))
    logger = logging.getLogger("helm_python.native")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    helm.enable_logging(logging.INFO, logger)


def _serve(run: Runner, frame: dict[str, Any]) -> dict[str, Any]:
    request_id = frame.get("id")
    try:
        request = decode_request(frame.get("op"), frame.get("args"))
    except ProtocolError as error:
        return _failure(request_id, "WorkerError", str(error))
    op = request.OPERATION.value
    subject = getattr(request, "release", "") or getattr(request, "url", "")
    _log(f"#{request_id} {op} {subject}".rstrip())
    started = time.monotonic()
    try:
        result = run(request)
    except Exception as error:
        _log(f"#{request_id} {op} failed: {type(error).__name__}: {error}")
        if not type(error).__module__.startswith("helm_python"):
            traceback.print_exc()
        return _failure(request_id, type(error).__name__, str(error))
    _log(f"#{request_id} {op} done in {time.monotonic() - started:.3f}s")
    return {"id": request_id, "ok": True, "result": result}


def _failure(request_id: Any, kind: str, message: str) -> dict[str, Any]:
    return {"id": request_id, "ok": False, "error": {"kind": kind, "message": message}}


def _send(stream: BinaryIO, message: dict[str, Any]) -> None:
    stream.write(encode(message))
    stream.flush()


def _log(line: str) -> None:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    print(f"{stamp} [helm-worker {os.getpid()}] {line}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
