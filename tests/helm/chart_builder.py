"""Small Helm charts made by the tests themselves (as .tgz bytes or as a folder on disk)."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
  namespace: {{ .Release.Namespace }}
  labels:
    name: {{ .Release.Name }}
data:
  partyId: {{ .Values.partyId | quote }}
  greeting: {{ .Values.greeting | default "hello" | quote }}
"""


def chart_files(
    name: str = "demo",
    version: str = "v0.1.0",
    *,
    app_version: str = "1.0",
    values: str = "partyId: 1\n",
    templates: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The files of a chart, keyed by path inside the chart folder."""
    files = {
        "Chart.yaml": (
            f"apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: {app_version!r}\n"
        ),
        "values.yaml": values,
    }
    for path, text in (templates if templates is not None else {"cm.yaml": CONFIGMAP}).items():
        files[f"templates/{path}"] = text
    files.update(extra or {})
    return files


def archive(files: Mapping[str, str], folder: str = "demo") -> bytes:
    """A `helm package`-shaped .tgz: every file under one top folder."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path, text in files.items():
            data = text.encode("utf-8")
            member = tarfile.TarInfo(f"{folder}/{path}")
            member.size = len(data)
            member.mode = 0o644
            tar.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def chart_archive(name: str = "demo", version: str = "v0.1.0", **options: Any) -> bytes:
    return archive(chart_files(name, version, **options), folder=name)


def write_folder(root: Path, files: Mapping[str, str]) -> Path:
    """The chart written as a folder (what `charts/` holds); returns the folder."""
    root.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
