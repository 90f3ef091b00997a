"""Helm for the backend, run in worker processes so Helm's native code never touches the screen.

Importing this package does not load Helm's Go library (only the worker process does).
"""

from backend.helm.engine import HelmEngine, HelmTimeouts, RepoCredentials, default_log_path
from backend.helm.errors import (
    ChartInvalid,
    ChartRenderError,
    ClusterAccessError,
    FieldConflict,
    HelmCrashed,
    HelmError,
    HelmTimeout,
    HelmUnavailable,
    ReleaseFailed,
    ReleaseNotFound,
    RepoError,
)
from backend.helm.kube_target import KubeTarget, default_storage_driver
from backend.helm.release_info import ReleaseInfo
from backend.helm.worker_process import FIELD_MANAGER

__all__ = [
    "FIELD_MANAGER",
    "ChartInvalid",
    "ChartRenderError",
    "ClusterAccessError",
    "FieldConflict",
    "HelmCrashed",
    "HelmEngine",
    "HelmError",
    "HelmTimeout",
    "HelmTimeouts",
    "HelmUnavailable",
    "KubeTarget",
    "ReleaseFailed",
    "ReleaseInfo",
    "ReleaseNotFound",
    "RepoCredentials",
    "RepoError",
    "default_log_path",
    "default_storage_driver",
]
