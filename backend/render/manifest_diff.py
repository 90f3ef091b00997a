"""What an update would change: the cluster.yaml, the chart, and the manifests, as unified diffs.

Both sides are rendered the same way (ManifestRenderer), so every line that differs is a
difference Helm would apply; nothing is compared against the live cluster.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml

from backend.render.manifest_render import RenderedCluster


class ChangeKind(StrEnum):
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ManifestChange:
    """One template whose output differs, with its unified diff lines (newline-terminated)."""

    path: str
    kind: ChangeKind
    diff: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClusterDiff:
    """The stored cluster against the new cluster.yaml."""

    old_label: str
    new_label: str
    old_chart: str
    new_chart: str
    spec_diff: tuple[str, ...]
    manifests: tuple[ManifestChange, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.spec_diff or self.manifests) or self.old_chart != self.new_chart

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.manifests if change.kind is kind)

    def summary(self) -> str:
        """`3 manifests changed, 1 added, 0 removed`."""
        changed = self.count(ChangeKind.CHANGED)
        noun = "manifest" if changed == 1 else "manifests"
        added, removed = self.count(ChangeKind.ADDED), self.count(ChangeKind.REMOVED)
        return f"{changed} {noun} changed, {added} added, {removed} removed"


def diff_clusters(
    old: RenderedCluster, new: RenderedCluster, old_label: str, new_label: str
) -> ClusterDiff:
    """Compare two renders; labels name the sides in the diff headers (`stored`, a file)."""
    spec_diff = unified(
        spec_yaml(old.request.spec),
        spec_yaml(new.request.spec),
        old_label,
        new_label,
    )
    return ClusterDiff(
        old_label=old_label,
        new_label=new_label,
        old_chart=old.request.chart_label,
        new_chart=new.request.chart_label,
        spec_diff=tuple(spec_diff),
        manifests=tuple(manifest_changes(old.manifests, new.manifests, old_label, new_label)),
    )


def manifest_changes(
    old: Mapping[str, str], new: Mapping[str, str], old_label: str, new_label: str
) -> Iterator[ManifestChange]:
    """Per template path, in path order: what was added, removed or changed."""
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        lines = unified(
            before or "",
            after or "",
            "/dev/null" if before is None else f"{path} ({old_label})",
            "/dev/null" if after is None else f"{path} ({new_label})",
        )
        yield ManifestChange(path, _kind(before, after), tuple(lines))


def _kind(before: str | None, after: str | None) -> ChangeKind:
    if before is None:
        return ChangeKind.ADDED
    return ChangeKind.REMOVED if after is None else ChangeKind.CHANGED


def unified(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    """difflib's unified diff, every line ending in a newline (even a last one without)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
    )
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def spec_yaml(spec: Mapping[str, Any]) -> str:
    """A cluster spec as YAML with sorted keys, so only real edits differ (not key order)."""
    return yaml.safe_dump(
        dict(spec), sort_keys=True, default_flow_style=False, allow_unicode=True, width=100
    )


def format_diff(diff: ClusterDiff) -> str:
    """The whole comparison as text: chart, cluster.yaml diff, manifest diffs, summary."""
    if not diff.has_changes:
        return (
            f"no changes: {diff.new_label} renders the same manifests as {diff.old_label} "
            f"({diff.new_chart})\n"
        )
    parts: list[str] = []
    if diff.old_chart != diff.new_chart:
        parts.append(f"# chart: {diff.old_chart} -> {diff.new_chart}\n")
    if diff.spec_diff:
        parts += ["# cluster.yaml\n", *diff.spec_diff]
    else:
        parts.append("# cluster.yaml: no changes\n")
    if diff.manifests:
        parts.append("# manifests\n")
        for change in diff.manifests:
            parts += change.diff
    parts.append(diff.summary() + "\n")
    return "".join(parts)
