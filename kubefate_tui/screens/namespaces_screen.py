"""The Namespaces mode: Kubernetes namespaces, as `kubefate namespace list`.

New namespace (`n`), its name checked as an RFC 1123 label while it is typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from backend.interface import Backend
from backend.models import Namespace
from kubefate_tui.actions.namespace_actions import NAMESPACE_BINDINGS, NamespaceActions
from kubefate_tui.listing.namespace_listing import NAMESPACE_LISTING
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.state.mode_catalog import heading_of


class NamespacesScreen(NamespaceActions, ResourceScreen[Namespace]):
    """The cluster's namespaces. No change events exist for them: `r` reloads (and so does
    creating one here)."""

    MODE = "namespaces"
    HEADING = heading_of(MODE)
    LISTING = NAMESPACE_LISTING
    BINDINGS: ClassVar[list[BindingType]] = NAMESPACE_BINDINGS

    async def fetch_items(self, backend: Backend) -> list[Namespace]:
        return await backend.list_namespaces()
