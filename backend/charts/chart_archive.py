"""Reading a `helm package` archive (.tgz) into the texts KubeFATE keeps of a chart (§4.1).

Nothing is extracted to disk: members are read in memory, so a hostile archive (absolute paths,
`..`, links) can do no harm beyond being refused. Every size is bounded before it is spent
(ARCHIVE_BOUNDS, far above KubeFATE's FATE chart: 61 files, 230 KB unpacked, the largest
42 KB; docs/kubefate-compatibility.md §6):

* the gzip stream is unpacked with a cap on its output, so a gzip bomb stops at the cap;
* each header tarfile would read in one piece (a GNU long name, a pax header) is checked
  against its cap before tarfile reads it: a 1 MB archive declaring a 1 GB long name was read
  whole into memory;
* members are counted (200,000 of them took 17 s), names and files measured as they come.

Reading is blocking (up to ~0.1 s at the bounds): from async code, run it with
backend.heavy_work.run_heavy.
"""

from __future__ import annotations

import io
import tarfile
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from backend.models import ChartFile, HelmChart
from backend.schema.yaml_bounds import YamlRefused, load_bounded
from backend.schema.yamlpos import describe

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveBounds:
    max_archive_bytes: int = 16 * MIB  # compressed
    max_unpacked_bytes: int = 16 * MIB  # the whole tar stream, headers included
    max_file_bytes: int = 4 * MIB  # one member
    max_members: int = 2_000
    max_header_bytes: int = 64 * 1024  # one pax header or GNU long name
    max_name_chars: int = 1_024


ARCHIVE_BOUNDS = ArchiveBounds()
_KEPT_FILES = {
    "Chart.yaml": "chart",
    "values.yaml": "values",
    "values-template.yaml": "values_template",
    "values-template-example.yaml": "values_template_example",
}
_TEMPLATES = "templates/"
_GZIP_MAGIC = b"\x1f\x8b"
_NOT_A_CHART = "not a chart archive (expected the .tgz made by `helm package`)"
_HEADER_KINDS = {
    tarfile.GNUTYPE_LONGNAME: "GNU long name",
    tarfile.GNUTYPE_LONGLINK: "GNU long link name",
    tarfile.XHDTYPE: "pax header",
    tarfile.XGLTYPE: "pax global header",
    tarfile.SOLARIS_XHDTYPE: "pax header",
}


class ChartArchiveError(ValueError):
    """The upload is not a usable chart archive; the message says why."""


@dataclass(frozen=True, slots=True)
class ChartIdentity:
    name: str
    version: str
    app_version: str


def _mib(size: int) -> str:
    return f"{size / MIB:g} MiB" if size % MIB == 0 else f"{size:,} bytes"


def read_chart_archive(archive: bytes) -> HelmChart:
    """A new chart (fresh uuid) with its texts, templates and the original archive."""
    files = _root_files(archive, lambda path: path in _KEPT_FILES or path.startswith(_TEMPLATES))
    if "Chart.yaml" not in files:
        raise ChartArchiveError("no Chart.yaml in the archive's top folder: is it a Helm chart?")
    texts = {field: _text(files, name) for name, field in _KEPT_FILES.items()}
    identity = chart_identity(texts["chart"])
    return HelmChart(
        uuid=str(uuid.uuid4()),
        name=identity.name,
        version=identity.version,
        app_version=identity.app_version,
        templates=_templates(files),
        chart=texts["chart"],
        values=texts["values"],
        values_template=texts["values_template"],
        values_template_example=texts["values_template_example"],
        archive=archive,
    )


def chart_templates(archive: bytes) -> tuple[ChartFile, ...]:
    """The files under `templates/` of an archive read before (the store keeps the archive
    and not a second copy of its templates)."""
    return _templates(_root_files(archive, lambda path: path.startswith(_TEMPLATES)))


def chart_identity(chart_yaml: str) -> ChartIdentity:
    """Name, version and appVersion from a Chart.yaml text."""
    try:
        metadata: Any = load_bounded(chart_yaml)
    except YamlRefused as refused:
        raise ChartArchiveError(f"Chart.yaml, line {refused.line}: {refused.message}") from None
    except yaml.YAMLError as error:
        raise ChartArchiveError(f"Chart.yaml is not valid YAML: {error}") from None
    if not isinstance(metadata, dict):
        raise ChartArchiveError("Chart.yaml: expected a mapping with name and version")
    for key in ("name", "version"):
        if not isinstance(metadata.get(key), str | int | float) or str(metadata[key]) == "":
            raise ChartArchiveError(f"Chart.yaml: `{key}` is missing")
    app_version = metadata.get("appVersion")
    if isinstance(app_version, dict | list):
        raise ChartArchiveError("Chart.yaml: `appVersion` must be text")
    return ChartIdentity(
        name=str(metadata["name"]),
        version=str(metadata["version"]),
        app_version="" if app_version is None else str(app_version),
    )


def _templates(files: dict[str, bytes]) -> tuple[ChartFile, ...]:
    return tuple(
        ChartFile(name, data) for name, data in sorted(files.items()) if name.startswith(_TEMPLATES)
    )


def _text(files: dict[str, bytes], name: str) -> str:
    data = files.get(name, b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ChartArchiveError(f"{name} is not UTF-8 text: {error}") from None


def _unpacked(archive: bytes, bounds: ArchiveBounds) -> bytes:
    """The tar stream inside the gzip, refused as soon as it passes its cap."""
    if len(archive) > bounds.max_archive_bytes:
        raise ChartArchiveError(
            f"the archive is {len(archive):,} bytes; at most {_mib(bounds.max_archive_bytes)} "
            "are accepted (a FATE chart is about 100 KB)"
        )
    if not archive.startswith(_GZIP_MAGIC):
        raise ChartArchiveError(f"{_NOT_A_CHART}: not a gzip file")
    room = bounds.max_unpacked_bytes + 1
    pieces: list[bytes] = []
    rest = archive
    try:
        while rest and room > 0:  # gzip members follow one another; helm writes one
            unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            piece = unpacker.decompress(rest, room)
            pieces.append(piece)
            room -= len(piece)
            if not unpacker.eof:
                if room > 0:
                    raise ChartArchiveError(f"{_NOT_A_CHART}: the gzip stream is cut short")
                break
            rest = unpacker.unused_data.lstrip(b"\0")  # padding after a member is allowed
    except zlib.error as error:
        raise ChartArchiveError(f"{_NOT_A_CHART}: the gzip stream is damaged ({error})") from None
    if room <= 0:
        raise ChartArchiveError(
            f"the archive unpacks to more than {_mib(bounds.max_unpacked_bytes)} "
            "(a FATE chart unpacks to about 250 KB)"
        )
    return b"".join(pieces)


class _CheckedTarInfo(tarfile.TarInfo):
    """tarfile's member, refusing before tarfile reads it a header larger than its cap.

    `_proc_member` is the hook tarfile documents (in its source) for subclasses."""

    bounds = ARCHIVE_BOUNDS

    def _proc_member(self, archive: tarfile.TarFile) -> Any:
        kind = _HEADER_KINDS.get(self.type)
        if kind is not None and self.size > self.bounds.max_header_bytes:
            raise ChartArchiveError(
                f"the archive has a {kind} of {self.size:,} bytes; at most "
                f"{self.bounds.max_header_bytes:,} are read (helm package writes a few hundred)"
            )
        if self.type == tarfile.GNUTYPE_SPARSE:
            raise ChartArchiveError(
                "the archive holds a sparse file, which helm package never writes"
            )
        return super()._proc_member(archive)  # type: ignore[misc]


def _root_files(
    archive: bytes, wanted: Callable[[str], bool], bounds: ArchiveBounds = ARCHIVE_BOUNDS
) -> dict[str, bytes]:
    """The regular files under the archive's single top folder whose path below it is
    `wanted`, keyed by that path. Every member is counted and measured, wanted or not."""
    files: dict[str, bytes] = {}
    stream = io.BytesIO(_unpacked(archive, bounds))
    try:
        with tarfile.open(fileobj=stream, mode="r:", tarinfo=_CheckedTarInfo) as tar:
            for count, member in enumerate(tar, start=1):
                _check_member(member, count, bounds)
                path = _path_below_top(member)
                if path is None or not member.isfile() or not wanted(path):
                    continue
                handle = tar.extractfile(member)
                if handle is not None:
                    files[path] = handle.read()
    except tarfile.TarError as error:
        raise ChartArchiveError(f"{_NOT_A_CHART}: {error}") from None
    return files


def _check_member(member: tarfile.TarInfo, count: int, bounds: ArchiveBounds) -> None:
    if count > bounds.max_members:
        raise ChartArchiveError(
            f"the archive has more than {bounds.max_members:,} files and folders "
            "(a FATE chart has about 60)"
        )
    if len(member.name) > bounds.max_name_chars:
        raise ChartArchiveError(
            f"the archive has a path of {len(member.name):,} characters; at most "
            f"{bounds.max_name_chars:,} are accepted"
        )
    if member.isfile() and member.size > bounds.max_file_bytes:
        raise ChartArchiveError(
            f"{describe(member.name)} is {member.size:,} bytes; a chart file may be at most "
            f"{_mib(bounds.max_file_bytes)} (FATE's largest is 42 KB)"
        )


def _path_below_top(member: tarfile.TarInfo) -> str | None:
    """`fate/templates/x.yaml` → `templates/x.yaml`; None for what is not safely inside."""
    name = member.name
    parts = name.lstrip("./").split("/", 1)
    if len(parts) != 2 or ".." in name.split("/") or name.startswith("/"):
        return None
    return parts[1]
