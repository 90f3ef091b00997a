"""Storage rules: PersistentVolumeClaims that will not bind, sections the template needs whole,
and resource quantities."""

from __future__ import annotations

import re

from backend.schema.context import Context, text_value
from backend.schema.model import KeySpec
from backend.schema.yamlpos import YMap, YNode, YScalar, describe

_QUANTITY = re.compile(
    r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?"
)


def check_quantity(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return
    if isinstance(value, str) and _QUANTITY.fullmatch(value.strip()) is None:
        ctx.add(
            "error",
            "quantity",
            path,
            node,
            f"{spec.name} {describe(value)} is not a Kubernetes quantity, so the volume claim "
            "is rejected; write e.g. 1Gi, 500Mi or 10G",
        )


def _persistence_on(ctx: Context) -> bool:
    node = ctx.root.get("persistence")
    if not isinstance(node, YScalar):
        return False
    value = node.value
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def check_persistence(ctx: Context) -> None:
    """`persistence: true`: each enabled module's claim needs a storage class or an existing
    claim the cluster really has, else its pod waits forever on a Pending PVC (warning: we
    cannot see the cluster's StorageClasses from here)."""
    if not ctx.schema.persistence or not _persistence_on(ctx):
        return
    modules = ctx.module_set()
    if modules is None:
        return
    for spec in ctx.schema.persistence:
        if spec.module not in modules:
            continue
        key: YNode | None = None
        section: YNode | None = None
        for path in ctx.section_paths(spec.path):
            key, section = ctx.node_at(path)
            if section is not None:
                break
        if isinstance(section, YMap) and (
            text_value(section.get("existingClaim")) is not None
            or text_value(section.get("storageClass")) is not None
            or text_value(section.get("storageClassName")) is not None
        ):
            continue
        storage_class = spec.template_class
        if section is None and spec.chart_class is not None:
            storage_class = spec.chart_class
        if storage_class:
            uses = (
                f'its claim asks for StorageClass "{storage_class}" (the chart\'s default), and '
                "stays Pending unless your cluster has a StorageClass of that name"
            )
        else:
            uses = (
                "its claim names no StorageClass, so it relies on the cluster's default "
                "StorageClass and stays Pending if there is none"
            )
        anchor = key if key is not None else ctx.module_node(spec.module)
        if anchor is None:
            anchor = ctx.root.key_node("persistence")
        ctx.add(
            "warning",
            "persistence-class",
            spec.path,
            anchor,
            f"persistence is on, but {spec.path} sets neither storageClass nor existingClaim: "
            f"{uses}. Set {spec.path}.storageClass to one of your classes (kubectl get "
            f"storageclass) or {spec.path}.existingClaim to an existing claim",
        )


def check_required_children(ctx: Context) -> None:
    """A section the template reads as a whole (hdfs: namenode and datanode)."""
    for rule in ctx.schema.required_children:
        key, node = ctx.node_at(rule.path)
        if not isinstance(node, YMap) or not node.pairs:
            continue  # absent, null or {}: the template skips it
        for child in rule.children:
            value = node.get(child)
            if isinstance(value, YMap):
                continue
            state = "has no" if value is None else "has an empty"
            ctx.add(
                "error",
                "incomplete-section",
                f"{rule.path}.{child}",
                key,
                f'{rule.path} {state} {child} map: {rule.reason}. Add "{child}:" with its '
                f"settings under {rule.path} ({child}: {{}} is enough)",
            )
