"""Embedded-backend options for tests that must never reach out of the test's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.embedded import EmbeddedOptions
from backend.kube import KubeSettings

QUICK_HASH_ITERATIONS = 1_000
"""The PBKDF2 cost of passwords in tests: KubeFATE's 100,000 cost ~0.2 s of CPU per hash, and
the suite hashes several hundred times (each start checks the admin's password, each login
hashes); that was a third of its CPU. tests/backend/test_auth.py checks KubeFATE's own cost."""


def offline_options(db_path: Path, **overrides: Any) -> EmbeddedOptions:
    """No chart repository, no bundled charts, a kubeconfig that does not exist beside the
    database (never the developer's real cluster), the admin configured as KubeFATE's
    manifests do (`admin`/`admin`), and cheap password hashes (QUICK_HASH_ITERATIONS);
    `overrides` replace any of these."""
    defaults: dict[str, Any] = {
        "admin_password": "admin",
        "password_hash_iterations": QUICK_HASH_ITERATIONS,
        "chart_repo": None,
        "bundled_charts": None,
        "kube": KubeSettings(kubeconfig=db_path.parent / "no-kubeconfig"),
        "helm_log_path": db_path.parent / "helm.log",
    }
    return EmbeddedOptions(db_path, **{**defaults, **overrides})


def unreachable_kube(folder: Path) -> KubeSettings:
    """A kubeconfig naming a cluster on a closed loopback port: Kubernetes is configured (so a
    change is accepted) but every call to it fails, as with an API server that is down."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "unreachable-kubeconfig"
    path.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: down\n"
        "clusters: [{name: down, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "contexts: [{name: down, context: {cluster: down, user: nobody}}]\n"
        "users: [{name: nobody, user: {token: none}}]\n",
        encoding="utf-8",
    )
    return KubeSettings(kubeconfig=path)
