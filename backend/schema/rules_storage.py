"""Storage rules: PersistentVolumeClaims that will not bind, sections the template needs whole,
and resource quantities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from backend.schema.context import Context, text_value
from backend.schema.model import KeySpec, PersistenceSpec
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


class ClaimRequest(NamedTuple):
    """A PersistentVolumeClaim the chart makes (`persistence: true`, its module enabled) and
    what the document says about its storage."""

    spec: PersistenceSpec
    path: str
    """Where the section is written (the spec's path, or its legacy alias); spec.path if not."""
    key: YNode | None
    written_class: str | None
    """The storage class the section names (any key the schema marks as naming one)."""
    existing_claim: str | None
    default_class: str | None
    """The class the chart uses when none is written ("" or None: the cluster's default)."""

    @property
    def storage_class(self) -> str | None:
        """The class the claim will ask for, None when it uses an existing claim instead;
        "" is the cluster's default class."""
        if self.existing_claim is not None:
            return None
        return self.written_class if self.written_class is not None else self.default_class or ""


def claim_requests(ctx: Context) -> Iterator[ClaimRequest]:
    """Every claim the chart will make for this document, in the schema's order (none when
    persistence is off or `modules` cannot be read)."""
    if not ctx.schema.persistence or not _persistence_on(ctx):
        return
    modules = ctx.module_set()
    if modules is None:
        return
    for spec in ctx.schema.persistence:
        if spec.module in modules:
            yield _claim_request(ctx, spec)


def _claim_request(ctx: Context, spec: PersistenceSpec) -> ClaimRequest:
    key: YNode | None = None
    section: YNode | None = None
    written_at = spec.path
    for path in ctx.section_paths(spec.path):
        key, section = ctx.node_at(path)
        if section is not None:
            written_at = path
            break
    default = spec.template_class
    if section is None and spec.chart_class is not None:
        default = spec.chart_class
    if not isinstance(section, YMap):
        return ClaimRequest(spec, written_at, key, None, None, default)
    written = next(
        (
            text
            for name in _class_keys(ctx, spec.path)
            if (text := text_value(section.get(name))) is not None
        ),
        None,
    )
    claim = text_value(section.get("existingClaim"))
    return ClaimRequest(spec, written_at, key, written, claim, default)


def _class_keys(ctx: Context, section_path: str) -> list[str]:
    """The keys of a section that name its claim's storage class, as the schema marks them."""
    prefix = section_path + "."
    return [
        spec.path[len(prefix) :]
        for spec in ctx.schema.keys
        if spec.names == "storage class" and spec.path.startswith(prefix)
    ]


def check_persistence(ctx: Context) -> None:
    """`persistence: true`: each enabled module's claim needs a storage class or an existing
    claim the cluster really has, else its pod waits forever on a Pending PVC (warning: we
    cannot see the cluster's StorageClasses from here)."""
    for request in claim_requests(ctx):
        if request.existing_claim is not None or request.written_class is not None:
            continue
        spec, storage_class = request.spec, request.default_class
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
        anchor = request.key if request.key is not None else ctx.module_node(spec.module)
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
