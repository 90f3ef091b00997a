"""One line of text for any failure, for the screen: never a traceback.

(docs/architecture.md, invariant 6.)"""

from __future__ import annotations


def error_text(error: BaseException) -> str:
    """The error's own message (backend errors are written for users); its type if it has none."""
    message = str(error).strip()
    return message or type(error).__name__
