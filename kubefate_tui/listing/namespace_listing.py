"""The columns of the Namespaces mode; the age is Kubernetes' own text, sorted by its length
of time."""

from __future__ import annotations

from backend.models import Namespace
from kubefate_tui.listing.column_spec import ColumnSpec, Listing
from kubefate_tui.listing.sort_keys import age_text_seconds

NAMESPACE_LISTING: Listing[Namespace] = Listing(
    columns=(
        ColumnSpec("NAME", lambda namespace, _: namespace.name),
        ColumnSpec("STATUS", lambda namespace, _: namespace.status),
        ColumnSpec(
            "AGE",
            lambda namespace, _: namespace.age,
            sort_key=lambda namespace, _: age_text_seconds(namespace.age),
        ),
    ),
    key=lambda namespace: namespace.name,
)
