"""Module and engine rules: KubeFATE's checks (docs/kubefate-behaviour.md §5.8), corrected for
the v2 chart.

Differences from KubeFATE on purpose:
* `osx` is the v2 gateway and `OSX` a valid v2 federation (KubeFATE wrongly warns
  "federation module OSX is not supported").
* The v1.x layout under a v2 chartVersion (`- rollsite`, `rollsite:`, `federation: Eggroll`)
  gets one warning per place saying what to write instead, and is then read as its v2
  equivalent, so it does not also trigger unknown-module or missing-osx errors.
* Findings are errors when the cluster cannot work, warnings when it only wastes resources.
"""

from __future__ import annotations

from backend.schema.context import Context, EngineChoice, text_value
from backend.schema.rules_keys import closest
from backend.schema.yamlpos import YScalar, YSeq, describe

ENGINE_KEYS = ("computing", "federation", "storage")


def check_module_names(ctx: Context) -> None:
    """Unknown, legacy and repeated entries of `modules` (every chart that has modules)."""
    if not ctx.schema.modules:
        return
    entries = ctx.module_entries()
    if entries is None:
        return
    known = ctx.schema.module_names
    seen: dict[str, YScalar] = {}
    node = ctx.root.get("modules")
    assert isinstance(node, YSeq)
    index_of = {id(item): index for index, item in enumerate(node.items)}
    for index, item in enumerate(node.items):
        if not isinstance(item, YScalar) or item.value in (None, ""):
            ctx.add(
                "error",
                "type",
                f"modules[{index}]",
                item,
                "each entry of modules is a module name such as python; this one is "
                f"{'empty' if isinstance(item, YScalar) else 'a map or list'}",
            )
    for entry in entries:
        path = f"modules[{index_of.get(id(entry.node), 0)}]"
        if entry.alias is not None:
            ctx.add(entry.alias.severity, entry.alias.code, path, entry.node, entry.alias.message)
            continue
        if entry.written not in known:
            message = (
                f"unknown module {describe(entry.written)}: the {ctx.schema.title} has no such "
                "module, so nothing would be deployed for it"
            )
            suggestion = closest(entry.written, known)
            if suggestion is not None:
                message += f". Did you mean {describe(suggestion)}?"
            else:
                message += f". Modules: {', '.join(known)}"
            ctx.add("error", "unknown-module", path, entry.node, message)
            continue
        first = seen.get(entry.effective)
        if first is not None:
            ctx.add(
                "warning",
                "duplicate-module",
                path,
                entry.node,
                f"module {entry.effective} is listed twice (lines {first.line} and "
                f"{entry.node.line}); remove one",
            )
        else:
            seen[entry.effective] = entry.node


def check_modules_present(ctx: Context) -> None:
    """`modules` must exist for the fate chart; python and a database are mandatory."""
    if not ctx.schema.checks_modules:
        return
    node = ctx.root.get("modules")
    modules = ctx.module_set()
    if node is None or (isinstance(node, YScalar) and node.value in (None, "")):
        ctx.add(
            "error",
            "missing-key",
            "modules",
            node,
            "modules is missing or empty: list the modules to deploy, e.g. python, mysql, "
            "fateboard, client and the ones your engines need",
        )
        return
    if modules is None:
        return  # not a list: reported as a type error
    key = ctx.root.key_node("modules")
    for required in ctx.schema.required_modules:
        if required not in modules:
            spec = ctx.schema.module(required)
            what = f" ({spec.help.split(',')[0].rstrip('.')})" if spec else ""
            ctx.add(
                "error",
                "module-missing",
                "modules",
                key,
                f'module {required}{what} is missing: add "- {required}" to modules; FATE does '
                "not work without it",
            )
    if "mysql" not in modules and text_value(ctx.root.get("externalMysqlIp")) is None:
        ctx.add(
            "error",
            "module-missing",
            "modules",
            key,
            "module mysql is missing and externalMysqlIp is not set, so FATE has no database: "
            'add "- mysql" to modules or set externalMysqlIp',
        )
    for recommended in ctx.schema.recommended_modules:
        if recommended not in modules:
            spec = ctx.schema.module(recommended)
            what = f" ({spec.help.rstrip('.')})" if spec else ""
            ctx.add(
                "warning",
                "module-missing",
                "modules",
                key,
                f'module {recommended}{what} is not deployed; add "- {recommended}" to modules '
                "unless you do without it on purpose",
            )


def check_engines_set(ctx: Context) -> None:
    """computing/federation/storage left out: the chart default applies (warning)."""
    if not ctx.schema.checks_modules:
        return
    for key in ENGINE_KEYS:
        engine = ctx.schema.engine(key)
        choice = ctx.engine(key)
        if engine is None or choice.explicit:
            continue
        others = ", ".join(value for value in engine.allowed if value != engine.default)
        ctx.add(
            "warning",
            "missing-key",
            key,
            ctx.root.get(key),
            f"{key} is not set, so the chart default {engine.default} applies; write "
            f'"{key}: {engine.default}" (or {others}) to make the choice explicit',
        )


def _anchor(choices: list[EngineChoice]) -> EngineChoice | None:
    for choice in choices:
        if choice.node is not None:
            return choice
    return None


def check_combination(ctx: Context) -> None:
    """computing + federation + storage must be a combination the chart supports."""
    if not ctx.schema.checks_modules:
        return
    choices = [ctx.engine(key) for key in ENGINE_KEYS]
    if any(choice.value is None for choice in choices):
        return  # an invalid value, reported on its own
    computing, federation, storage = (str(choice.value) for choice in choices)
    combo = ctx.schema.combination(computing, federation, storage)
    if combo is not None and combo.severity is None:
        return
    anchor = _anchor(choices)
    at = anchor.node if anchor is not None else None
    path = anchor.key if anchor is not None else ""
    described = f"computing {computing}, federation {federation} and storage {storage}"
    if combo is not None and combo.severity == "warning":
        ctx.add("warning", "engine-combination", path, at, f"{described}: {combo.note}")
        return
    supported = [
        c for c in ctx.schema.combinations if c.computing == computing and c.severity is None
    ]
    federations = sorted({c.federation for c in supported})
    storages = sorted({c.storage for c in supported})
    message = f"{described} do not work together"
    if combo is not None and combo.note:
        message += f": {combo.note}"
    elif supported:
        message += (
            f": with computing {computing} use federation {' or '.join(federations)} and "
            f"storage {' or '.join(storages)}"
        )
    ctx.add("error", "engine-combination", path, at, message)


def check_engine_modules(ctx: Context) -> None:
    """Every module an engine choice needs must be in modules."""
    if not ctx.schema.checks_modules:
        return
    modules = ctx.module_set()
    if modules is None:
        return
    modules_key = ctx.root.key_node("modules")
    reported: set[str] = set()
    for key in ENGINE_KEYS:
        engine = ctx.schema.engine(key)
        choice = ctx.engine(key)
        if engine is None or choice.value is None:
            continue
        for module in engine.modules_for(choice.value):
            if module in modules or module in reported:
                continue
            reported.add(module)
            if choice.explicit:
                message = f'{key} {choice.value} needs module {module}; add "- {module}" to modules'
                at = choice.node
            else:
                message = (
                    f"{key} is not set, so it is {choice.value}, which needs module {module}; "
                    f'add "- {module}" to modules or set {key}'
                )
                at = modules_key
            ctx.add("error", "module-engine", key, at, message)


def check_unused_modules(ctx: Context) -> None:
    """A module whose engine is not selected deploys workloads nothing uses (warning)."""
    if not ctx.schema.checks_modules:
        return
    entries = ctx.module_entries()
    if entries is None:
        return
    node = ctx.root.get("modules")
    assert isinstance(node, YSeq)
    index_of = {id(item): index for index, item in enumerate(node.items)}
    for rule in ctx.schema.module_engines:
        choice = ctx.engine(rule.key)
        if choice.value is None or choice.value in rule.values:
            continue
        for entry in entries:
            if entry.effective != rule.module:
                continue
            wanted = " or ".join(rule.values)
            ctx.add(
                "warning",
                "module-unused",
                f"modules[{index_of.get(id(entry.node), 0)}]",
                entry.node,
                f"module {entry.written} is only used with {rule.key} {wanted}, but {rule.key} is "
                f'{choice.value}: it deploys workloads nothing uses. Remove "- {entry.written}" '
                f"or set {rule.key}: {rule.values[0]}",
            )
            break
