"""The review's pre-flight checks and deploy preview as lines a user reads."""

from __future__ import annotations

from backend.models import DeployPreview, PreflightCheck, PreflightStatus

_MARKS = {PreflightStatus.PASS: "✓", PreflightStatus.FAIL: "✗", PreflightStatus.UNKNOWN: "?"}


def preflight_lines(checks: list[PreflightCheck]) -> list[str]:
    """One line per check: its mark (✓ pass, ✗ fail, ? cannot tell), name and reason."""
    if not checks:
        return ["nothing to check"]
    return [f"{_MARKS[check.status]} {check.name}: {check.reason}" for check in checks]


def preview_lines(preview: DeployPreview) -> list[str]:
    """What would be deployed: workloads, exposed services, ingresses, claims, the update diff."""
    lines = [f"rendered with {preview.chart}"]
    for workload in preview.workloads:
        lines.append(f"  {workload.kind} {workload.name}, replicas {workload.replicas}")
    for service in preview.services:
        ports = ", ".join(
            f"{port.port}" + (f"→node {port.node_port}" if port.node_port else "")
            for port in service.ports
        )
        lines.append(f"  Service {service.name} ({service.type}) {ports}")
    for ingress in preview.ingresses:
        lines.append(f"  Ingress {ingress.name}: {', '.join(ingress.hosts)}")
    for claim in preview.claims:
        where = claim.storage_class or "the default storage class"
        lines.append(f"  PersistentVolumeClaim {claim.name}: {claim.size} on {where}")
    if preview.update:
        lines.append(f"update of the deployed cluster: {preview.diff_summary}")
        if preview.diff_problem:
            lines.append(f"  {preview.diff_problem}")
        lines.extend(preview.diff_text.splitlines())
    return lines
