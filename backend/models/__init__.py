"""KubeFATE's domain model: the types the store, the job engine, the served API and the remote
client all share, with the exact JSON wire form of docs/kubefate-behaviour.md §2."""

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
