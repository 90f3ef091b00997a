"""Log files only their owner may read, rotated so they never grow without bound.

`kubefate-tui serve` writes its log to a file as well as to stderr; the console writes its log
only to a file, because nothing but Textual may draw on its screen (docs/architecture.md,
invariant 5). Either way a failure the code handles without a word to the user (a job engine
step, a reconciliation) leaves its traceback here (invariant 6).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Final

from backend.logs.log_hygiene import RedactingFormatter, guard_logger

MAX_BYTES: Final = 5 * 1024 * 1024
BACKUPS: Final = 3
PRIVATE_MODE: Final = 0o600
_APPEND_OR_CREATE: Final = os.O_WRONLY | os.O_APPEND | os.O_CREAT
LINE_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# At debug level these would log SQL parameters (password hashes, salts) and HTTP headers (the
# Kubernetes bearer token): never below WARNING, whatever level the rest logs at.
CHATTY_LIBRARIES: Final = ("aiosqlite", "httpx", "httpcore", "urllib3", "kubernetes", "websockets")


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600 (log lines can quote chart values
    and cluster names), and whose existing file is made 0600 again when opened."""

    def _open(self) -> TextIOWrapper:
        descriptor = os.open(self.baseFilename, _APPEND_OR_CREATE, PRIVATE_MODE)
        try:
            os.fchmod(descriptor, PRIVATE_MODE)  # a file made by an older version, or by hand
        except OSError:
            os.close(descriptor)
            raise
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def log_file_handler(path: Path) -> logging.Handler:
    """A handler writing clean records to `path` (MAX_BYTES per file, BACKUPS old files kept),
    its folder made if need be. OSError if the file cannot be opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    return _clean(handler)


def stream_handler(stream: IO[str]) -> logging.Handler:
    """A handler printing clean records on `stream` (serve's stderr)."""
    return _clean(logging.StreamHandler(stream))


def send_logs_to(handlers: Sequence[logging.Handler], level: int) -> None:
    """Make `handlers` the root logger's only handlers, at `level`. With no handler at all,
    records are dropped rather than printed by logging's last resort on stderr."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    for handler in handlers or [logging.NullHandler()]:
        root.addHandler(handler)
    root.setLevel(level)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))


def _clean(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(RedactingFormatter(LINE_FORMAT))
    guard_logger(handler)  # every record written: no token, no control character
    return handler
