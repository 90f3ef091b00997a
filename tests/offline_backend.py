"""Embedded-backend options for tests that must never reach out of the test's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.embedded import EmbeddedOptions
from backend.kube import KubeSettings


def offline_options(db_path: Path, **overrides: Any) -> EmbeddedOptions:
    """No chart repository, no bundled charts, and a kubeconfig that does not exist beside
    the database (never the developer's real cluster); `overrides` replace any of these."""
    defaults: dict[str, Any] = {
        "chart_repo": None,
        "bundled_charts": None,
        "kube": KubeSettings(kubeconfig=db_path.parent / "no-kubeconfig"),
        "helm_log_path": db_path.parent / "helm.log",
    }
    return EmbeddedOptions(db_path, **{**defaults, **overrides})
