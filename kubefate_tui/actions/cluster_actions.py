"""Install, update and delete clusters from any screen that shows clusters.

CONTRACT (screens rely on these names):

* `CLUSTER_BINDINGS`: the keys, each with an id (`cluster.install`, `cluster.update`,
  `cluster.delete`), to add to a screen's BINDINGS.
* `ClusterActions`: a mixin for a Screen subclass. The screen implements `selected_cluster()`;
  the mixin supplies `action_install_cluster`, `action_update_cluster`, `action_delete_cluster`.

Install and update read a cluster.yaml picked by the user, validate it with the schema (errors:
the findings are shown with their lines and nothing is sent; warnings: shown, and the user may
go on anyway), and always ask before sending. Delete asks for the cluster's name to be typed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from backend.errors import BackendError
from kubefate_tui.actions.change_actions import ChangeActions, short_id
from kubefate_tui.state.console_host import console_host
from kubefate_tui.state.wizard_start import WizardStart

# The Clusters screen, the console's first, is built on this mixin: what only an action uses
# (the dialogs, reading and validating a cluster.yaml) is imported when the action runs, not
# before the console's first frame.
if TYPE_CHECKING:
    from backend.models import ClusterArgs, Job
    from kubefate_tui.actions.cluster_file import ClusterFile
    from kubefate_tui.actions.selection import SelectedCluster

CLUSTER_BINDINGS: list[BindingType] = [
    Binding("i", "install_cluster", "Install", id="cluster.install"),
    Binding("u", "update_cluster", "Update", id="cluster.update"),
    Binding("ctrl+d", "delete_cluster", "Delete", id="cluster.delete"),
    Binding("w", "new_in_wizard", "New (wizard)", id="cluster.wizard"),
    Binding("e", "edit_in_wizard", "Edit (wizard)", id="cluster.edit"),
]

CLUSTER_YAML_SUFFIXES = (".yaml", ".yml")


def cluster_words(args: ClusterArgs) -> str:
    """`fate-9999 in namespace fate-9999 with chart fate v2.0.0`."""
    return (
        f"{args.name} in namespace {args.namespace} "
        f"with chart {args.chart_name} {args.chart_version}"
    )


class ClusterActions(ChangeActions):
    """Mixin: the cluster actions of a screen that can say which cluster is selected."""

    CHANGES: ClassVar[dict[str, str]] = {
        "install_cluster": "install cluster",
        "update_cluster": "update cluster",
        "delete_cluster": "delete cluster",
    }

    def selected_cluster(self) -> SelectedCluster | None:
        """The cluster the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_install_cluster(self) -> None:
        """Install a cluster from a cluster.yaml file."""
        self.begin_change("install_cluster", self._install_cluster)

    async def action_update_cluster(self) -> None:
        """Update the selected cluster from a cluster.yaml file naming it."""
        self.begin_change("update_cluster", self._update_cluster)

    async def action_delete_cluster(self) -> None:
        """Delete the selected cluster, once its name is typed."""
        self.begin_change("delete_cluster", self._delete_cluster)

    def action_new_in_wizard(self) -> None:
        """Write a new cluster.yaml in the wizard, from a preset."""
        console_host(self.app).start_new_cluster()

    async def action_edit_in_wizard(self) -> None:
        """Open the selected cluster's cluster.yaml in the wizard, to update it."""
        selected = self._selected_or_say("edit cluster")
        if selected is not None:
            self.run_steps("read cluster", lambda: self._edit_in_wizard(selected))

    async def _edit_in_wizard(self, selected: SelectedCluster) -> None:
        cluster = await self.actions_backend.get_cluster(selected.uuid)
        key = (cluster.namespace, cluster.name)
        if not cluster.values.strip():
            self.say(f"cluster {'/'.join(key)} has no stored cluster.yaml to edit", title="edit")
            return
        console_host(self.app).open_wizard(
            WizardStart(cluster.values, f"cluster {'/'.join(key)}", None, updates=key)
        )

    def _selected_or_say(self, what: str) -> SelectedCluster | None:
        selected = self.selected_cluster()
        if selected is None:
            self.say("no cluster selected", severity="warning", title=what)
        return selected

    # --- install and update ----------------------------------------------------------------
    async def _install_cluster(self) -> None:
        picked = await self._pick_cluster_file("Install a cluster from a cluster.yaml")
        if picked is not None and await self.install_document(*picked) is not None:
            self.show_change()

    async def install_document(self, cluster_file: ClusterFile, args: ClusterArgs) -> Job | None:
        """Install a checked document (no errors) after asking; the job, or None when nothing
        was sent (said). The namespace is created first when it is missing and can be."""
        create_namespace = await self._namespace_missing(args.namespace)
        if create_namespace and not self.can_create_namespaces:
            self.say(
                f"namespace {args.namespace} does not exist, and this backend cannot create "
                f"namespaces: create it first (kubectl create namespace {args.namespace}); "
                "nothing was sent",
                severity="warning",
                title="install cluster",
            )
            return None
        notes = []
        if create_namespace:
            notes.append(f"Namespace {args.namespace} does not exist: it will be created first.")
        verb = "Create namespace and install" if create_namespace else "Install"
        if not await self._confirm("Install", cluster_file, args, notes, verb):
            return None
        backend = self.actions_backend
        if create_namespace:
            await backend.create_namespace(args.namespace)
        job = await backend.install_cluster(args)
        self.say(
            f"install job {short_id(job.uuid)} accepted for {args.cluster_key}",
            title="install cluster",
        )
        return job

    async def _update_cluster(self) -> None:
        selected = self._selected_or_say("update cluster")
        if selected is None:
            return
        key = f"{selected.namespace}/{selected.name}"
        picked = await self._pick_cluster_file(f"Update {key} from a cluster.yaml")
        if picked is None:
            return
        cluster_file, args = picked
        if (args.namespace, args.name) != (selected.namespace, selected.name):
            self.say(
                f"{cluster_file.path.name} names cluster {args.cluster_key}, not the selected "
                f"cluster {key}: nothing was sent",
                severity="warning",
                title="update cluster",
            )
            return
        if await self.update_document(cluster_file, args) is not None:
            self.show_change()

    async def update_document(self, cluster_file: ClusterFile, args: ClusterArgs) -> Job | None:
        """Update the cluster a checked document names, after asking; the job, or None."""
        if not await self._confirm("Update", cluster_file, args, [], "Update"):
            return None
        job = await self.actions_backend.update_cluster(args)
        self.say(
            f"update job {short_id(job.uuid)} accepted for {args.cluster_key}",
            title="update cluster",
        )
        return job

    async def _pick_cluster_file(self, title: str) -> tuple[ClusterFile, ClusterArgs] | None:
        """A picked, readable cluster.yaml without errors and its args; None (said) if not."""
        from kubefate_tui.actions.cluster_file import ClusterFileError, read_cluster_file
        from kubefate_tui.dialogs.file_picker import FilePicker
        from kubefate_tui.dialogs.findings_dialog import FindingsDialog, count_text

        path = await self.ask(FilePicker(title, CLUSTER_YAML_SUFFIXES, purpose="cluster.yaml"))
        if path is None:
            return None
        try:
            cluster_file = await asyncio.to_thread(read_cluster_file, path)
            if cluster_file.errors:
                await self.ask(
                    FindingsDialog(
                        f"{path.name}: {count_text(cluster_file.findings)}",
                        cluster_file.findings,
                        notes=["Nothing was sent: fix the errors, then try again."],
                    )
                )
                return None
            return cluster_file, cluster_file.cluster_args()
        except ClusterFileError as error:
            self.say(str(error), severity="error", title="cluster.yaml")
            return None

    async def _namespace_missing(self, namespace: str) -> bool:
        """True when the namespace surely does not exist (if it cannot be told: False, and
        the install itself will say what is wrong)."""
        try:
            namespaces = await self.actions_backend.list_namespaces()
        except BackendError:
            return False
        return namespace not in {item.name for item in namespaces}

    async def _confirm(
        self,
        verb: str,
        cluster_file: ClusterFile,
        args: ClusterArgs,
        notes: Sequence[str],
        confirm_label: str,
    ) -> bool:
        """Ask before sending: the warnings if there are any (`… anyway`), else a question."""
        from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
        from kubefate_tui.dialogs.findings_dialog import FindingsDialog, count_text

        question = f"{verb} cluster {cluster_words(args)}?"
        if cluster_file.warnings:
            return await self.ask(
                FindingsDialog(
                    f"{cluster_file.path.name}: {count_text(cluster_file.warnings)}",
                    cluster_file.warnings,
                    notes=[question, *notes],
                    proceed_label=f"{confirm_label} anyway",
                )
            )
        return await self.ask(
            ConfirmDialog(
                f"{verb} cluster",
                question,
                details=[f"from {cluster_file.path}", *notes],
                confirm_label=confirm_label,
                cancel_label="Cancel",
            )
        )

    # --- delete ----------------------------------------------------------------------------
    async def _delete_cluster(self) -> None:
        from kubefate_tui.dialogs.typed_name_dialog import TypedNameDialog

        selected = self._selected_or_say("delete cluster")
        if selected is None:
            return
        key = f"{selected.namespace}/{selected.name}"
        explanation = (
            f"Delete cluster {key}: its Helm release and every workload it runs are removed "
            "from Kubernetes. This cannot be undone."
        )
        dialog = TypedNameDialog(
            "Delete cluster", explanation, selected.name, action_label="Delete"
        )
        if not await self.ask(dialog):
            return
        job = await self.actions_backend.delete_cluster(selected.uuid)
        self.say(f"delete job {short_id(job.uuid)} accepted for {key}", title="delete cluster")
        self.show_change()
