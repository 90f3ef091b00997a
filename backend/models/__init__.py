"""KubeFATE's domain model: the types the store, the job engine, the served API and the remote
client all share, with the exact JSON wire form of docs/kubefate-behaviour.md §2."""

from __future__ import annotations

# Names resolve on first use (as in backend.kube), so that naming one (say Cluster, which the
# console's first screen lists) does not build every other model's classes before the
# console's first frame: each module of dataclasses takes about a millisecond to import.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.models.chart import ChartFile, HelmChart
    from backend.models.cluster import Cluster, ClusterArgs
    from backend.models.deploy_preview import (
        ClaimPreview,
        DeployPreview,
        IngressPreview,
        PortPreview,
        ServicePreview,
        WorkloadPreview,
    )
    from backend.models.enums import (
        ClusterStatus,
        JobMethod,
        JobStatus,
        ModulesStatus,
        SubJobStatus,
        UserStatus,
    )
    from backend.models.job import Job, SubJob
    from backend.models.log_query import LogQuery
    from backend.models.namespace import Namespace
    from backend.models.preflight import PreflightCheck, PreflightStatus
    from backend.models.record import Record
    from backend.models.user import User

_HOMES = {
    "ChartFile": "chart",
    "HelmChart": "chart",
    "Cluster": "cluster",
    "ClusterArgs": "cluster",
    "ClaimPreview": "deploy_preview",
    "DeployPreview": "deploy_preview",
    "IngressPreview": "deploy_preview",
    "PortPreview": "deploy_preview",
    "ServicePreview": "deploy_preview",
    "WorkloadPreview": "deploy_preview",
    "ClusterStatus": "enums",
    "JobMethod": "enums",
    "JobStatus": "enums",
    "ModulesStatus": "enums",
    "SubJobStatus": "enums",
    "UserStatus": "enums",
    "Job": "job",
    "SubJob": "job",
    "LogQuery": "log_query",
    "Namespace": "namespace",
    "PreflightCheck": "preflight",
    "PreflightStatus": "preflight",
    "Record": "record",
    "User": "user",
}

__all__ = [
    "ChartFile",
    "ClaimPreview",
    "Cluster",
    "ClusterArgs",
    "ClusterStatus",
    "DeployPreview",
    "HelmChart",
    "IngressPreview",
    "Job",
    "JobMethod",
    "JobStatus",
    "LogQuery",
    "ModulesStatus",
    "Namespace",
    "PortPreview",
    "PreflightCheck",
    "PreflightStatus",
    "Record",
    "ServicePreview",
    "SubJob",
    "SubJobStatus",
    "User",
    "UserStatus",
    "WorkloadPreview",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backend.models' has no attribute {name!r}")
    return getattr(import_module(f"backend.models.{home}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
