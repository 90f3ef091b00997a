"""Reading a `helm package` archive (.tgz) into the texts KubeFATE keeps of a chart (§4.1).

Nothing is extracted to disk: members are read in memory, so a hostile archive (absolute paths,
`..`, links, a gzip bomb) can do no harm beyond being refused.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

import yaml

from backend.models import ChartFile, HelmChart

MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # compressed; FATE's chart is ~100 KB
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_KEPT_FILES = {
    "Chart.yaml": "chart",
    "values.yaml": "values",
    "values-template.yaml": "values_template",
    "values-template-example.yaml": "values_template_example",
}


class ChartArchiveError(ValueError):
    """The upload is not a usable chart archive; the message says why."""


@dataclass(frozen=True, slots=True)
class ChartIdentity:
    name: str
    version: str
    app_version: str


def read_chart_archive(archive: bytes) -> HelmChart:
    """A new chart (fresh uuid) with its texts, templates and the original archive."""
    if len(archive) > MAX_ARCHIVE_BYTES:
        raise ChartArchiveError(
            f"the archive is {len(archive)} bytes; at most {MAX_ARCHIVE_BYTES} are accepted"
        )
    files = _root_files(archive)
    texts = {field: _text(files, name) for name, field in _KEPT_FILES.items()}
    if "Chart.yaml" not in files:
        raise ChartArchiveError("no Chart.yaml in the archive's top folder: is it a Helm chart?")
    identity = chart_identity(texts["chart"])
    templates = tuple(
        ChartFile(name, data)
        for name, data in sorted(files.items())
        if name.startswith("templates/")
    )
    return HelmChart(
        uuid=str(uuid.uuid4()),
        name=identity.name,
        version=identity.version,
        app_version=identity.app_version,
        templates=templates,
        chart=texts["chart"],
        values=texts["values"],
        values_template=texts["values_template"],
        values_template_example=texts["values_template_example"],
        archive=archive,
    )


def chart_identity(chart_yaml: str) -> ChartIdentity:
    """Name, version and appVersion from a Chart.yaml text."""
    try:
        metadata: Any = yaml.safe_load(chart_yaml)
    except yaml.YAMLError as error:
        raise ChartArchiveError(f"Chart.yaml is not valid YAML: {error}") from None
    if not isinstance(metadata, dict):
        raise ChartArchiveError("Chart.yaml: expected a mapping with name and version")
    for key in ("name", "version"):
        if not isinstance(metadata.get(key), str | int | float) or str(metadata[key]) == "":
            raise ChartArchiveError(f"Chart.yaml: `{key}` is missing")
    app_version = metadata.get("appVersion")
    return ChartIdentity(
        name=str(metadata["name"]),
        version=str(metadata["version"]),
        app_version="" if app_version is None else str(app_version),
    )


def _root_files(archive: bytes) -> dict[str, bytes]:
    """Regular files under the archive's single top folder, keyed by path below it."""
    files: dict[str, bytes] = {}
    unpacked = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                parts = member.name.lstrip("./").split("/", 1)
                if len(parts) != 2 or ".." in member.name.split("/") or member.name.startswith("/"):
                    continue
                unpacked += member.size
                if unpacked > MAX_UNPACKED_BYTES:
                    raise ChartArchiveError("the archive unpacks to more than 256 MiB")
                handle = tar.extractfile(member)
                if handle is not None:
                    files[parts[1]] = handle.read()
    except (tarfile.TarError, gzip.BadGzipFile, zlib.error, EOFError, OSError) as error:
        raise ChartArchiveError(
            f"not a chart archive (expected the .tgz made by `helm package`): {error}"
        ) from None
    return files


def _text(files: dict[str, bytes], name: str) -> str:
    data = files.get(name, b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ChartArchiveError(f"{name} is not UTF-8 text: {error}") from None
