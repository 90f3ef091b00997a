"""`kubefate-tui render FILE`: the manifests a cluster.yaml would deploy, like `helm template`.

The chart the file names is found as an install finds it (uploaded to the database, bundled,
then the chart repository of the `repo.*` settings / FATECLOUD_REPO_URL), the values-template
turns the spec into Helm values, and Helm renders the chart with release = `name` and namespace
= `namespace`. `--show-values` prints those values instead; `--diff CLUSTER` compares with what
the stored cluster renders to, i.e. what an update would change.

stdout carries only the result (manifests, values or diff); findings and errors go to stderr as
`FILE:LINE:COL: SEVERITY: MESSAGE`. Exit status: 0 done, 1 validation errors or a render error,
2 unreadable file, unusable database, chart or cluster not available.

Helm runs in its own worker process (its output goes to the Helm log, never to this terminal);
neither Textual nor the Kubernetes client is imported.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TextIO

from backend.charts.values_template import ValuesTemplateError
from backend.errors import BackendError, InvalidRequest, NotFound, Unavailable
from backend.helm import ChartRenderError
from backend.render.manifest_diff import diff_clusters, format_diff
from backend.render.manifest_render import (
    ClusterRequest,
    RenderedCluster,
    helm_template_text,
)
from backend.render.render_session import RenderSession, RenderSetupError, open_render_session
from backend.schema.validator import validate_text
from backend.schema.yaml_bounds import YamlRefused, read_document_bytes
from kubefate_tui.formatting.read_error_text import read_error_reason

EXIT_OK, EXIT_FAILED, EXIT_UNAVAILABLE = 0, 1, 2
EXIT_INTERRUPTED = 130
PROG = "kubefate-tui render"


class _Exit(Exception):
    """Stop with this exit status after printing `lines` to stderr."""

    def __init__(self, code: int, *lines: str) -> None:
        super().__init__(*lines)
        self.code = code
        self.lines = lines


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Render args.file (see the module docstring); returns the exit status."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    try:
        # Everything is computed (and Helm's workers stopped) before anything is printed.
        text = asyncio.run(_produce(args, stderr))
    except _Exit as stop:
        for line in stop.lines:
            print(line, file=stderr)
        return stop.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    stdout.write(text)
    stdout.flush()
    return EXIT_OK


async def _produce(args: argparse.Namespace, stderr: TextIO) -> str:
    name: str = args.file
    request = _checked_request(name, _read(name), stderr)
    try:
        async with open_render_session(_database_path(args), os.environ) as session:
            return await _produce_in(session, args, request, name)
    except RenderSetupError as error:
        raise _Exit(EXIT_UNAVAILABLE, f"{PROG}: {error}") from None


async def _produce_in(
    session: RenderSession, args: argparse.Namespace, request: ClusterRequest, name: str
) -> str:
    try:
        if args.diff:
            return await _diff(session, request, name, args.diff)
        if args.show_values:
            return await _values(session, request, name)
        rendered = await _render(session, request, name)
        return helm_template_text(rendered.manifests)
    except _Exit as stop:
        raise _with_db_note(stop, session) from None


# --- the file ---------------------------------------------------------------------------------


def _read(name: str) -> bytes:
    try:
        if name == "-":
            data = read_document_bytes(sys.stdin.buffer)
        else:
            with Path(name).open("rb") as handle:
                data = read_document_bytes(handle)
        data.decode("utf-8")
    except YamlRefused as refused:
        raise _Exit(EXIT_FAILED, f"{name}: error: {refused.message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _Exit(EXIT_UNAVAILABLE, f"{name}: cannot read: {read_error_reason(error)}") from None
    return data


def _checked_request(name: str, data: bytes, stderr: TextIO) -> ClusterRequest:
    """Validate first (warnings are printed and tolerated, errors stop), then read the file
    as an install would."""
    findings = validate_text(data.decode("utf-8"))
    for finding in findings:
        print(finding.compiler_line(name), file=stderr)
    errors = sum(1 for finding in findings if finding.is_error)
    if errors:
        noun = "error" if errors == 1 else "errors"
        raise _Exit(EXIT_FAILED, f"{name}: {errors} {noun}; nothing rendered")
    try:
        return ClusterRequest.from_document(data)
    except InvalidRequest as error:
        raise _Exit(EXIT_FAILED, f"{name}: error: {error}") from None


def _database_path(args: argparse.Namespace) -> Path:
    """`--db`, else the per-user default (the console's database)."""
    if getattr(args, "db", None):
        return Path(args.db).expanduser()
    from backend.paths import default_db_path

    return default_db_path()


def _with_db_note(stop: _Exit, session: RenderSession) -> _Exit:
    """A missing chart or cluster may just be a mistyped --db: say there was no database."""
    if session.db_exists or stop.code != EXIT_UNAVAILABLE:
        return stop
    note = f"note: there is no database at {session.db_path} (check --db)"
    return _Exit(stop.code, *stop.lines, note)


# --- rendering --------------------------------------------------------------------------------


async def _render(session: RenderSession, request: ClusterRequest, where: str) -> RenderedCluster:
    try:
        return await session.renderer.render(request)
    except BackendError as error:
        raise _failure(where, request, error) from None


async def _values(session: RenderSession, request: ClusterRequest, where: str) -> str:
    try:
        located, values = await session.renderer.values(request)
    except BackendError as error:
        raise _failure(where, request, error) from None
    header = (
        f"# Helm values for {request.key} from {request.chart_label} ({located.source.value}), "
        "rendered by its values-template.yaml\n"
    )
    text = values.text if values.text.endswith("\n") else values.text + "\n"
    return header + text


def _failure(where: str, request: ClusterRequest, error: BackendError) -> _Exit:
    """The exit for an error while finding or rendering the chart, located when possible."""
    if isinstance(error, NotFound | Unavailable):
        return _Exit(EXIT_UNAVAILABLE, f"{where}: error: {error}")
    chart = f"chart {request.chart_label}"
    if isinstance(error, ChartRenderError) and error.path and error.line is not None:
        column = f":{error.column}" if error.column is not None else ""
        return _Exit(
            EXIT_FAILED,
            f"{error.path}:{error.line}{column}: error: {error.detail}",
            f"{where}: error: {chart} cannot be rendered for this cluster.yaml",
        )
    if isinstance(error, ValuesTemplateError):
        return _Exit(EXIT_FAILED, f"{where}: error: {chart}: {error}")
    return _Exit(EXIT_FAILED, f"{where}: error: rendering {chart}: {error}")


# --- --diff -----------------------------------------------------------------------------------


def _diff_target(target: str, request: ClusterRequest) -> tuple[str, str]:
    """`namespace/name`, or `name` in the file's namespace."""
    namespace, _, name = target.rpartition("/")
    namespace = namespace or request.namespace
    if not name or "/" in namespace:
        raise _Exit(EXIT_UNAVAILABLE, f"{PROG}: --diff {target!r}: write NAMESPACE/NAME or NAME")
    return namespace, name


async def _diff(session: RenderSession, request: ClusterRequest, name: str, target: str) -> str:
    namespace, cluster_name = _diff_target(target, request)
    label = f"stored {namespace}/{cluster_name}"
    try:
        stored = await session.stored_request(namespace, cluster_name)
    except InvalidRequest as error:
        raise _Exit(EXIT_UNAVAILABLE, f"{label}: error: {error}") from None
    if stored is None:
        raise _Exit(
            EXIT_UNAVAILABLE,
            f"{PROG}: no cluster {namespace}/{cluster_name} in {session.db_path} to compare with",
        )
    old = await _render(session, stored, label)
    new = await _render(session, request, name)
    return format_diff(diff_clusters(old, new, label, name))
