"""Turning a failure reported by the worker (helm_python's class name + message) into ours."""

from __future__ import annotations

import re

from backend.helm.errors import (
    ChartInvalid,
    ChartRenderError,
    ClusterAccessError,
    FieldConflict,
    HelmError,
    HelmTimeout,
    ReleaseFailed,
    ReleaseNotFound,
    RepoError,
)

# `fate/templates/x.yaml:12:5` or `(fate/templates/_x.tpl:3)`: Helm's ways of saying where.
_LOCATION = re.compile(r"(?P<path>[\w.@/-]+\.[\w]+):(?P<line>\d+)(?::(?P<column>\d+))?")

_MAX_MESSAGE = 2000
# The API server's words for a server-side apply refused over field ownership.
_APPLY_CONFLICT = re.compile(r"Apply failed with \d+ conflicts?")

_BY_KIND: dict[str, type[HelmError]] = {
    "HelmNotFoundError": ReleaseNotFound,
    "HelmChartLoadError": ChartInvalid,
    "HelmChartInvalidError": ChartInvalid,
    "HelmValuesError": ChartInvalid,
    "HelmInvalidArgError": ChartInvalid,
    "HelmKubeError": ClusterAccessError,
    "HelmReleaseError": ReleaseFailed,
    "HelmStorageError": ReleaseFailed,
    "HelmRepoError": RepoError,
    "HelmRegistryError": RepoError,
}


def translate(kind: str, message: str, action: str) -> HelmError:
    """Our error for a worker-reported failure; Helm's own words are kept (KubeFATE shows them)."""
    message = shorten(message)
    if kind == "HelmRenderError":
        return render_error(message)
    if kind == "HelmCancelledError":  # only our own deadline cancels Helm
        return HelmTimeout(f"{action} did not finish within its time limit and was cancelled")
    if kind == "HelmPanicError":
        return HelmError(f"Helm failed internally during {action}: {message}")
    if kind == "WorkerError" or kind not in _BY_KIND:
        return HelmError(f"{action} failed: {message}")
    if _APPLY_CONFLICT.search(message):
        return FieldConflict(message)
    return _BY_KIND[kind](message)


def shorten(message: str, limit: int = _MAX_MESSAGE) -> str:
    """Helm nests errors (a template including itself repeats one line thousands of times);
    a job state or a dialog needs the start, which says where, and the end, which says why."""
    if len(message) <= limit:
        return message
    head, tail = message[: limit * 2 // 3], message[-(limit // 3) :]
    return f"{head} […{len(message) - len(head) - len(tail)} characters…] {tail}"


def render_error(message: str) -> ChartRenderError:
    """A render failure with its template path, line and column picked out of Helm's text."""
    found = _LOCATION.search(message)
    if found is None:
        return ChartRenderError(message, detail=message)
    column = found.group("column")
    return ChartRenderError(
        " ".join(message.split()),
        path=found.group("path"),
        line=int(found.group("line")),
        column=None if column is None else int(column),
        detail=_without_location(message, found),
    )


def _without_location(message: str, found: re.Match[str]) -> str:
    """`parse error at (x.tpl:3): boom` → `parse error: boom`; multi-line forms are joined."""
    text = message[: found.start()] + message[found.end() :]
    text = text.replace(" at ()", "").replace("()", "")
    return " ".join(text.split()).lstrip(":; ").strip()
