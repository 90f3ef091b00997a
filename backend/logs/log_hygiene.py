"""Log lines that hold no secret and cannot be forged.

Two dangers: a token reaching a log (uvicorn's own logger prints each WebSocket's path with its
query string, `?token=` included, for refused handshakes too), and a client writing into one
(a control character ends a line early or paints the terminal; a quote in the access log's
quoted fields starts a field of the attacker's choosing). `LogHygiene` is a logging filter that
redacts tokens and escapes control characters in every record it sees; `escape_field` is for
the values a log line quotes. `RedactingFormatter` redacts the whole text it writes, exception
tracebacks included (an error's message can quote a URL with its token).
"""

from __future__ import annotations

import logging
import re
from typing import Final

REDACTED: Final = "***"
SECRET_NAMES: Final = ("token", "jwt", "password")

# `token=…` in a query string (any case: gin reads only `token`, but a log should not care).
_SECRET_PARAMETER = re.compile(r"(?i)((?:" + "|".join(SECRET_NAMES) + r")=)[^&\s\"'#]*")
# Anything shaped like a JWT (header and payload are base64url JSON: they start with `eyJ`).
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)(bearer\s+)\S+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_IN_FIELD = re.compile(r'[^\x20-\x7e]|["\\]')


def redact_secrets(text: str) -> str:
    """`text` with tokens, and values of token/jwt/password parameters, replaced by ***."""
    text = _SECRET_PARAMETER.sub(lambda m: m.group(1) + REDACTED, text)
    text = _BEARER.sub(lambda m: m.group(1) + REDACTED, text)
    return _JWT.sub(REDACTED, text)


def _escape(character: str) -> str:
    if character in '"\\':
        return "\\" + character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """Control characters (C0, DEL, C1) written as \\xNN: one record stays one line, and
    nothing reaches the terminal as an escape sequence."""
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def escape_field(text: str) -> str:
    """A client-supplied value as a log field: printable ASCII only (anything else as \\xNN or
    \\uNNNN), with `"` and `\\` escaped so the value cannot close its quotes."""
    return _UNSAFE_IN_FIELD.sub(lambda m: _escape(m.group()), text)


class LogHygiene(logging.Filter):
    """Redacts secrets and escapes control characters in each record's message (formatted
    once here, so handlers print the cleaned text). Tracebacks are left as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format: logging reports it itself, later
            return True
        cleaned = escape_controls(redact_secrets(message))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose output, traceback and all, carries no token or password value.
    Control characters in tracebacks are left alone: a traceback is many lines on purpose."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(super().format(record))


_HYGIENE = LogHygiene()


def guard_logger(logger: logging.Logger | logging.Handler) -> None:
    """Attach the filter (once) to a logger (records logged on it) or a handler (every record
    it prints, whichever logger it came from)."""
    if not any(isinstance(f, LogHygiene) for f in logger.filters):
        logger.addFilter(_HYGIENE)
