"""Create namespaces from the Namespaces screen (KubeFATE never creates one by itself).

* `NAMESPACE_BINDINGS`: create (`n`, `namespace.create`).
* `NamespaceActions`: a mixin for a Screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from kubefate_tui.actions.change_actions import ChangeActions
from kubefate_tui.dialogs.prompt_dialog import PromptDialog
from kubefate_tui.state.change_refusal import NO_NAMESPACE_CREATION, Refusal

NAMESPACE_BINDINGS: list[BindingType] = [
    Binding("n", "create_namespace", "New namespace", id="namespace.create"),
]

NAMESPACE_NAME_LIMIT = 63
"""An RFC 1123 label has at most 63 characters."""


def namespace_name_problem(name: str) -> str | None:
    """What breaks Kubernetes' rule for namespace names (an RFC 1123 label), or None."""
    from backend.schema.rules_keys import name_problems  # the schema's own rule

    if not name:
        return "name: must not be empty"
    problems = name_problems(name, NAMESPACE_NAME_LIMIT)
    if not problems:
        return None
    return (
        f"name {name!r} is not an RFC 1123 label: {'; '.join(problems)}. Use at most "
        f"{NAMESPACE_NAME_LIMIT} lowercase letters, digits and '-', starting and ending with "
        "a letter or digit"
    )


class NamespaceActions(ChangeActions):
    """Mixin: create a namespace."""

    CHANGES: ClassVar[dict[str, str]] = {"create_namespace": "create namespace"}

    def change_refusal(self, action: str) -> Refusal | None:
        """Creating a namespace also needs a backend that can (a KubeFATE service cannot)."""
        refusal = super().change_refusal(action)
        if refusal is None and action == "create_namespace" and not self.can_create_namespaces:
            return NO_NAMESPACE_CREATION
        return refusal

    async def action_create_namespace(self) -> None:
        """Ask for a name, check it, create the namespace."""
        self.begin_change("create_namespace", self._create_namespace)

    async def _create_namespace(self) -> None:
        dialog = PromptDialog(
            "New namespace",
            "Name of the namespace (an RFC 1123 label, e.g. fate-9999):",
            namespace_name_problem,
            ok_label="Create",
            placeholder="fate-9999",
        )
        name = await self.ask(dialog)
        if name is None:
            return
        namespace = await self.actions_backend.create_namespace(name)
        self.say(f"namespace {namespace.name} created", title="create namespace")
        self.show_change()
