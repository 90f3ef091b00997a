"""The human-readable lines of a job's `states` list, exactly as KubeFATE writes them (§3.2-§3.4).

Users and scripts grep for these, so they are KubeFATE's words; lines only we write (KubeFATE
has no such path) are marked below.
"""

from __future__ import annotations

# Defined with the models, which read them to tell why a job failed; kept in this list too.
from backend.models.job_outcome import CHECKOUT_PREFIX as CHECKOUT_PREFIX
from backend.models.job_outcome import ROLLED_BACK as ROLLED_BACK

RUNNING = "update job status to Running"
CLUSTER_CREATED = "create Cluster in DB Success"
COVERED = "overwrite current installation"
HELM_INSTALLED = "helm install Success"
INSTALL_SUCCESS = "job run Success"
INSTALL_TIMEOUT = "checkout Cluster status timeOut!"
STOPPED = "job stopped"
CLUSTER_GONE = "Cluster delete"
UPDATED = "Cluster update Success"
UPDATE_TIMEOUT = "Checkout Cluster status timeOut!"  # capital C, as KubeFATE writes it
UNINSTALLED = "uninstall Success"
# Ours: KubeFATE leaves such jobs Running forever (§3.8).
INTERRUPTED = "service restarted, job interrupted"


def checkout(count: int) -> str:
    """`checkout Cluster status [N]`, rewritten in place while the install waits (N ≈ seconds)."""
    return f"{CHECKOUT_PREFIX}{count}]"


def create_cluster_error(reason: str) -> str:
    return f"create Cluster error, {reason}"


def helm_install_error(reason: str) -> str:
    return f"helm install error, {reason}"


def upgrade_failed(reason: str) -> str:
    return reason if reason.startswith("UPGRADE FAILED") else f"UPGRADE FAILED: {reason}"


def record_only(left_alone: str) -> str:
    """Ours: a delete removed only our record, since the release belongs to someone else."""
    return f"{left_alone}; only this cluster's record was deleted"


def taken_over(conflict: str) -> str:
    """Ours: an update took back fields another field manager had changed meanwhile."""
    return f"fields changed outside kubefate-tui were taken back: {conflict}"


def covered_release(summary: str) -> str:
    """Ours: which release `cover` replaced, and whose it was (KubeFATE does not say)."""
    return f"uninstalled for cover: {summary}"


def stuck_because(reasons: list[str]) -> str:
    """Ours: why the cluster never became ready, from pods and events (KubeFATE says nothing)."""
    return "not ready: " + "; ".join(reasons)
