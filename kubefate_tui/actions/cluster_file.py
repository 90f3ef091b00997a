"""A cluster.yaml read from disk for an install or update: its text, findings and request args.

The args are built as KubeFATE's CLI builds them (docs/kubefate-behaviour.md §2.3): `name`,
`namespace`, `chartName` and `chartVersion` copied from the document, `data` = the file's text
as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend.models import ClusterArgs
from backend.schema.findings import Finding, errors_in, warnings_in
from kubefate_tui.formatting.read_error_text import read_error_reason

IDENTITY_KEYS = ("name", "namespace", "chartName", "chartVersion")
"""The top-level keys that decide the release and the chart of a request."""


class ClusterFileError(Exception):
    """The file cannot be used; the message names the file and the key or reason."""


@dataclass(frozen=True, slots=True)
class ClusterFile:
    """A cluster.yaml, read and validated with the schema (backend/schema)."""

    path: Path
    text: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return errors_in(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings_in(self.findings)

    def cluster_args(self) -> ClusterArgs:
        """The install/update request for this file; ClusterFileError names a missing key."""
        from backend.schema.yamlpos import YMap, YScalar, compose

        root, _ = compose(self.text)
        if not isinstance(root, YMap):
            raise ClusterFileError(f"{self.path}: the document is not a mapping of keys")
        values: dict[str, str] = {}
        for key in IDENTITY_KEYS:
            node = root.get(key)
            # As written, so `chartVersion: 1.10` stays "1.10" (YAML would make it 1.1).
            text = node.source.strip() if isinstance(node, YScalar) else ""
            if isinstance(node, YScalar) and node.value is None:
                text = ""
            if not text:
                line = f":{node.line}" if node is not None else ""
                raise ClusterFileError(f"{self.path}{line}: {key}: must be set to a text value")
            values[key] = text
        return ClusterArgs(
            name=values["name"],
            namespace=values["namespace"],
            chart_name=values["chartName"],
            chart_version=values["chartVersion"],
            data=self.text.encode("utf-8"),
        )


def read_cluster_file(path: Path) -> ClusterFile:
    """Read and validate `path` (blocking: call it in a thread). ClusterFileError if unreadable."""
    from backend.schema.validator import validate_text
    from backend.schema.yaml_bounds import YamlRefused, read_document_bytes

    try:
        with path.open("rb") as handle:
            text = read_document_bytes(handle).decode("utf-8")
    except YamlRefused as refused:
        raise ClusterFileError(f"{path}: cannot use: {refused.message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ClusterFileError(f"{path}: cannot read: {read_error_reason(error)}") from None
    return ClusterFile(path, text, tuple(validate_text(text)))
