"""Pre-flight: what the Kubernetes cluster must already have for a cluster.yaml to deploy, each
thing checked and answered pass, fail or unknown (the wizard's pre-flight step)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PreflightStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    """The backend cannot tell: no permission to look, or a service whose API does not say."""


@dataclass(frozen=True, slots=True)
class PreflightCheck:
    """One check: `name` says what was checked (`namespace fate-9999`, `NodePort 30091`),
    `reason` in plain words why it passed, failed (and what to do) or cannot be told."""

    name: str
    status: PreflightStatus
    reason: str

    @classmethod
    def passed(cls, name: str, reason: str) -> PreflightCheck:
        return cls(name, PreflightStatus.PASS, reason)

    @classmethod
    def failed(cls, name: str, reason: str) -> PreflightCheck:
        return cls(name, PreflightStatus.FAIL, reason)

    @classmethod
    def unknown(cls, name: str, reason: str) -> PreflightCheck:
        return cls(name, PreflightStatus.UNKNOWN, reason)
