"""Install, update and delete clusters from any screen that shows clusters.

CONTRACT (filled in by the actions work; screens rely on these names):

* `CLUSTER_BINDINGS`: the keys, each with an id (`cluster.install`, `cluster.update`,
  `cluster.delete`), to add to a screen's BINDINGS.
* `ClusterActions`: a mixin for a Screen subclass. The screen implements `selected_cluster()`;
  the mixin supplies `action_install_cluster`, `action_update_cluster`, `action_delete_cluster`.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from kubefate_tui.actions.selection import SelectedCluster

CLUSTER_BINDINGS: list[BindingType] = [
    Binding("i", "install_cluster", "Install", id="cluster.install"),
    Binding("u", "update_cluster", "Update", id="cluster.update"),
    Binding("ctrl+d", "delete_cluster", "Delete", id="cluster.delete"),
]


class ClusterActions:
    """Mixin: the cluster actions of a screen that can say which cluster is selected."""

    def selected_cluster(self) -> SelectedCluster | None:
        """The cluster the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_install_cluster(self) -> None:
        raise NotImplementedError

    async def action_update_cluster(self) -> None:
        raise NotImplementedError

    async def action_delete_cluster(self) -> None:
        raise NotImplementedError
