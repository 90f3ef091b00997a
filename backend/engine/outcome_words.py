"""Turning an exception from Helm, the chart registry or Kubernetes into a job state line."""

from __future__ import annotations


def error_text(error: BaseException) -> str:
    """The error's own message on one line; its type when it has none."""
    text = " ".join(str(error).split())
    return text or type(error).__name__
