"""The modules step: every module of the chart line, which are chosen, and which the engines
decide (those cannot be switched by hand, and say why)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.drafts.cluster_draft import ClusterDraft
from backend.drafts.engine_choice import current_engines
from kubefate_tui.wizard.step_catalog import active_modules


@dataclass(frozen=True, slots=True)
class ModuleChoice:
    """One module as the step offers it."""

    name: str
    label: str
    selected: bool
    fixed: bool
    """True when the engines (or the chart) decide it: shown, not switchable."""


def module_selections(draft: ClusterDraft) -> list[ModuleChoice]:
    """The chart line's modules, with why a fixed one is fixed."""
    schema = draft.schema
    chosen = active_modules(draft)
    engines = current_engines(draft)._asdict()
    needed = set(schema.modules_needed(*current_engines(draft)))
    choices = []
    for module in schema.modules:
        name = module.name
        reason = ""
        if name in schema.required_modules:
            reason = "always needed"
        elif name in needed:
            reason = "needed by the engines"
        else:
            for rule in schema.module_engines:
                if rule.module == name and engines.get(rule.key) not in rule.values:
                    reason = f"only with {rule.key} {' or '.join(rule.values)}"
        selected = name in chosen or reason in ("always needed", "needed by the engines")
        label = f"{name} — {module.help}" + (f" ({reason})" if reason else "")
        choices.append(ModuleChoice(name, label, selected, bool(reason)))
    return choices
