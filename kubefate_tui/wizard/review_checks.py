"""The review's pre-flight and deploy preview, asked of the backend for the document as it is:
each section as (name, title, lines), in the order they are known."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from backend.errors import BackendError
from backend.interface import Backend
from kubefate_tui.actions.cluster_file import ClusterFile, ClusterFileError
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.wizard.review_text import preflight_lines, preview_lines

Section = tuple[str, str, list[str]]


async def review_sections(backend: Backend, text: str) -> AsyncIterator[Section]:
    """`preflight`, then `preview`; what the backend cannot tell is said, never raised."""
    capabilities = backend.describe().capabilities
    try:
        args = ClusterFile(Path("document"), text, ()).cluster_args()
    except ClusterFileError as error:
        reason = str(error).removeprefix("document: ")
        yield "preflight", "Pre-flight: not run", [f"the document: {reason}"]
        yield "preview", "What will be deployed: not rendered", []
        return
    try:
        checks = await backend.preflight(args)
        little = "" if capabilities.preflight_sees_cluster else " (the service tells little)"
        yield "preflight", f"Pre-flight{little}", preflight_lines(checks)
    except BackendError as error:
        yield "preflight", "Pre-flight: not run", [error_text(error)]
    if not capabilities.deploy_preview:
        yield "preview", "What will be deployed: this backend has no dry run", []
        return
    try:
        preview = await backend.preview(args)
        yield "preview", "What will be deployed", preview_lines(preview)
    except BackendError as error:
        yield "preview", "What will be deployed: not rendered", [error_text(error)]
