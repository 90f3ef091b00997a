"""Which field and which step a finding is about, so it is shown there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backend.drafts.cluster_draft import ClusterDraft
from backend.schema.findings import Finding
from kubefate_tui.wizard.step_catalog import STEPS, AddItem, Field, Heading


def covers(owner: str, path: str) -> bool:
    """Whether a field at `owner` is where a finding at `path` belongs."""
    return bool(owner) and (path == owner or path.startswith((owner + ".", owner + "[")))


def findings_for(findings: Iterable[Finding], path: str) -> list[Finding]:
    """The findings about the field at `path` (or inside it)."""
    return [finding for finding in findings if covers(path, finding.path)]


def place_findings(draft: ClusterDraft, findings: Iterable[Finding]) -> dict[str, str]:
    """finding path -> the step showing it (the deepest field that covers it wins);
    findings no step shows are placed on the review."""
    owners: list[tuple[str, str]] = []
    for step in STEPS[:-1]:
        from kubefate_tui.wizard.step_catalog import step_entries

        for entry in step_entries(draft, step.id):
            if isinstance(entry, (Field, AddItem)) or (
                isinstance(entry, Heading) and entry.removable
            ):
                owners.append((entry.path, step.id))
    owners.append(("modules", "modules"))
    places: dict[str, str] = {}
    for finding in findings:
        best = max(
            (owner for owner in owners if covers(owner[0], finding.path)),
            key=lambda owner: len(owner[0]),
            default=("", "review"),
        )
        places[finding.path] = best[1]
    return places


def step_counts(
    findings: Iterable[Finding], places: Mapping[str, str]
) -> dict[str, tuple[int, int]]:
    """step -> (errors, warnings) placed there."""
    counts: dict[str, tuple[int, int]] = {}
    for finding in findings:
        step = places.get(finding.path, "review")
        errors, warnings = counts.get(step, (0, 0))
        counts[step] = (errors + finding.is_error, warnings + (not finding.is_error))
    return counts
