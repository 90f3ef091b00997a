"""The Namespaces mode: Kubernetes namespaces, as `kubefate namespace list`.

New namespace (`n`), its name checked as an RFC 1123 label while it is typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.binding import BindingType

from backend.interface import Backend
from backend.models import Namespace
from kubefate_tui.actions.namespace_actions import NAMESPACE_BINDINGS, NamespaceActions
from kubefate_tui.listing.table_row import TableRow
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of


def namespace_row(namespace: Namespace) -> TableRow:
    """Name, status and age of a namespace (the age is Kubernetes' own text)."""
    return TableRow(namespace.name, (namespace.name, namespace.status, namespace.age))


class NamespacesScreen(NamespaceActions, ResourceScreen):
    """The cluster's namespaces. No change events exist for them: `r` reloads (and so does
    creating one here)."""

    MODE = "namespaces"
    HEADING = heading_of(MODE)
    COLUMNS = ("NAME", "STATUS", "AGE")
    BINDINGS: ClassVar[list[BindingType]] = NAMESPACE_BINDINGS

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [namespace_row(namespace) for namespace in await backend.list_namespaces()]
