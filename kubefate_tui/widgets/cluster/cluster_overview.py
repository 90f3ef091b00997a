"""The Overview tab of a cluster: who it is, what it runs, and where it stands."""

from __future__ import annotations

from datetime import datetime

from backend.models import Cluster
from kubefate_tui.formatting.cluster_party import party_id
from kubefate_tui.formatting.time_text import age, timestamp
from kubefate_tui.widgets.tables.field_list import Field, FieldList

NOT_SET = "—"


def overview_fields(cluster: Cluster, now: datetime) -> list[Field]:
    """Name, namespace, uuid, chart, status, revisions, creation time and party id."""
    created = cluster.record.created_at
    when = f"{timestamp(created, now)} ({age(created, now)} ago)" if created else NOT_SET
    chart = f"{cluster.chart_name} {cluster.chart_version}".strip() or NOT_SET
    return [
        ("Name", cluster.name),
        ("Namespace", cluster.namespace),
        ("UUID", cluster.uuid),
        ("Party ID", party_id(cluster) or NOT_SET),
        ("Chart", chart),
        ("Status", cluster.status.value),
        ("Revision", str(cluster.revision)),
        ("Helm revision", str(cluster.helm_revision)),
        ("Created", when),
    ]


class ClusterOverview(FieldList):
    """A cluster's identity and state, as labelled lines."""

    def show_cluster(self, cluster: Cluster, now: datetime) -> None:
        """Show `cluster`; `now` is the console's clock, for its age."""
        self.show_fields(overview_fields(cluster, now))
