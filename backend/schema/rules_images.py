"""Image rules: how the registry is glued to image names differs per chart line.

* fate v2 (`prefix`): `<registry><image>` with image like `federatedai/fateflow`, so a registry
  needs a trailing `/` (`myreg.example.com/`).
* fate v1.x, fate-serving, fate-exchange, fedml (`repository`): `<registry>/<name>`, so the
  registry must not end with `/` and normally includes the organisation
  (`hub.example.com/federatedai`).
"""

from __future__ import annotations

from backend.schema.context import Context
from backend.schema.model import KeySpec
from backend.schema.yamlpos import YScalar, describe


def check_registry(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    value = node.value
    if not isinstance(value, str) or not value.strip():
        return
    registry = value.strip()
    style = ctx.schema.registry_style
    if style == "prefix" and not registry.endswith("/"):
        ctx.add(
            "error",
            "registry-slash",
            path,
            node,
            f'registry {describe(registry)} has no trailing "/": the {ctx.schema.title} puts '
            f"it verbatim in front of image names, giving {registry}federatedai/fateflow. "
            f'Write "{registry}/"',
        )
    elif style == "repository" and registry.endswith("/"):
        trimmed = registry.rstrip("/")
        if trimmed and "/" not in trimmed:
            trimmed += "/federatedai"
        ctx.add(
            "error",
            "registry-slash",
            path,
            node,
            f'registry {describe(registry)} ends with "/": the {ctx.schema.title} writes '
            f"<registry>/<image>, giving {registry}/<image>. Write "
            f'"{trimmed or "federatedai"}" (registry host and organisation, no trailing "/")',
        )
