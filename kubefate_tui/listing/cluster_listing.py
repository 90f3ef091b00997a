"""The columns of the Clusters mode: `kubefate cluster list`, plus the party id and a roll-up
of the modules' health (filled in after the list has painted)."""

from __future__ import annotations

from backend.models import Cluster
from kubefate_tui.formatting.cluster_party import party_id
from kubefate_tui.formatting.module_health import UNKNOWN
from kubefate_tui.formatting.time_text import age
from kubefate_tui.listing.column_spec import ColumnSpec, Listing, RowContext
from kubefate_tui.listing.sort_keys import age_key
from kubefate_tui.listing.status_tone import status_tone


def module_health(cluster: Cluster, context: RowContext) -> str:
    """`5/7 ready` once the cluster's Info has been read, `—` until then."""
    return context.module_health.get(cluster.uuid, UNKNOWN)


CLUSTER_LISTING: Listing[Cluster] = Listing(
    columns=(
        ColumnSpec("NAME", lambda cluster, _: cluster.name),
        ColumnSpec("NAMESPACE", lambda cluster, _: cluster.namespace),
        ColumnSpec("PARTY", lambda cluster, _: party_id(cluster)),
        ColumnSpec("CHART", lambda cluster, _: cluster.chart_name),
        ColumnSpec("VERSION", lambda cluster, _: cluster.chart_version),
        ColumnSpec("STATUS", lambda cluster, _: cluster.status.value, tone=status_tone),
        ColumnSpec("MODULES", module_health),
        ColumnSpec(
            "REVISION",
            lambda cluster, _: str(cluster.revision),
            sort_key=lambda cluster, _: cluster.revision,
        ),
        ColumnSpec(
            "AGE",
            lambda cluster, context: age(cluster.record.created_at, context.now),
            sort_key=lambda cluster, _: age_key(cluster.record.created_at),
        ),
    ),
    key=lambda cluster: cluster.uuid,
)
