"""Whose is a release? Only a release this backend made for a cluster record is ever upgraded,
rolled back or uninstalled for it.

A release of the cluster's name may have been installed by the Helm CLI, by another service, or
by a second kubefate-tui database pointed at the same Kubernetes cluster. KubeFATE's clean-up
after a failed install uninstalls whatever release has the name (§3.2 step 6), deleting someone
else's workloads and Secrets. Here every install records its cluster record's uuid on the
release (a Helm release label, see backend/embedded/helm_parts.py), and the engine checks it
before every change:

* the release carries this cluster's uuid: ours;
* it carries another uuid: made by kubefate-tui for another cluster record (another database,
  or an earlier, deleted record of this one): not ours;
* it carries none: made outside kubefate-tui, or by a kubefate-tui from before ownership was
  recorded. The latter is recognised by the record of our own successful install: a live cluster
  record whose last Helm revision is the release's latest revision, with the same chart, and
  that existed before the release was first deployed (docs/kubefate-compatibility.md, "Releases
  this backend did not make").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from backend.engine.ports import DeployedRelease
from backend.models import Cluster
from backend.store import Store

# Helm stamps its times to the second; our records to the microsecond.
_CLOCK_SLACK = timedelta(seconds=1)


def is_ours(release: DeployedRelease, cluster: Cluster) -> bool:
    """Whether `release` was made for `cluster` (by its uuid, or as a pre-ownership release)."""
    if release.owner:
        return release.owner == cluster.uuid
    return _made_before_ownership(release, cluster)


def _made_before_ownership(release: DeployedRelease, cluster: Cluster) -> bool:
    record = cluster.record
    if record.deleted_at is not None or cluster.helm_revision <= 0:
        return False
    if release.revision != cluster.helm_revision:
        return False  # changed since our last operation, by someone else
    if (release.chart_name, _version(release.chart_version)) != (
        cluster.chart_name,
        _version(cluster.chart_version),
    ):
        return False
    if record.created_at is None or release.first_deployed is None:
        return False
    return release.first_deployed >= record.created_at - _CLOCK_SLACK


def _version(text: str) -> str:
    return text.removeprefix("v")


@dataclass(frozen=True, slots=True)
class ForeignRelease:
    """Words for a release that is not the cluster's: whose it is, and what to do."""

    release: DeployedRelease
    whose: str

    def summary(self) -> str:
        """`release X in namespace N (revision, chart, status) belongs to …`."""
        release = self.release
        chart = ""
        if release.chart_name:
            chart = f"chart {release.chart_name}-{release.chart_version}, "
        return (
            f"release {release.name} in namespace {release.namespace} (revision "
            f"{release.revision}, {chart}{release.status}) is not this cluster's: {self.whose}; "
            f"`helm list -n {release.namespace}` shows it"
        )

    def install_refusal(self) -> str:
        """Why an install stopped, and how to take the release over deliberately."""
        return (
            f"{self.summary()}. It was left untouched. To replace it deliberately, install with "
            'cover (`kubefate cluster install --cover`, or `"cover": true`), which uninstalls '
            "it first, deleting its workloads and Secrets"
        )

    def left_alone(self, doing: str) -> str:
        """A release another owner has: what we did not do to it."""
        return f"{self.summary()}. It was not {doing}"


async def foreign(release: DeployedRelease, store: Store) -> ForeignRelease:
    """Describe the owner of a release that is not ours, as precisely as we know it."""
    if not release.owner:
        return ForeignRelease(
            release, "it was installed outside kubefate-tui (the Helm CLI or another tool)"
        )
    known = await store.read.clusters.get(release.owner, include_deleted=True)
    if known is None:
        return ForeignRelease(
            release,
            f"kubefate-tui installed it for cluster record {release.owner}, which this "
            "database does not have (another database shares this Kubernetes cluster)",
        )
    state = "deleted" if known.record.deleted_at is not None else "live"
    return ForeignRelease(
        release,
        f"kubefate-tui installed it for cluster record {release.owner} of this database "
        f"({state}, {known.namespace}/{known.name})",
    )
