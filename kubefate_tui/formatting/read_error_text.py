"""Why a file given on the command line could not be read, in a few words."""

from __future__ import annotations


def read_error_reason(error: Exception) -> str:
    """`is a directory`, `No such file or directory`, `not UTF-8 text (byte 0xff at offset 3)`."""
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
