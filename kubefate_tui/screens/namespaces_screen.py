"""The Namespaces mode: Kubernetes namespaces, as `kubefate namespace list`."""

from __future__ import annotations

from datetime import datetime

from backend.interface import Backend
from backend.models import Namespace
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.resource_panel import TableRow


def namespace_row(namespace: Namespace) -> TableRow:
    """Name, status and age of a namespace (the age is Kubernetes' own text)."""
    return TableRow(namespace.name, (namespace.name, namespace.status, namespace.age))


class NamespacesScreen(ResourceScreen):
    """The cluster's namespaces. No change events exist for them: `r` reloads."""

    MODE = "namespaces"
    HEADING = "Namespaces"
    COLUMNS = ("NAME", "STATUS", "AGE")

    async def fetch_rows(self, backend: Backend, now: datetime) -> list[TableRow]:
        return [namespace_row(namespace) for namespace in await backend.list_namespaces()]
