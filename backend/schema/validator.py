"""Validate a cluster.yaml: `validate_text` and `validate_file`.

Imports only the standard library and PyYAML. `validate_text` never raises: whatever the input,
it returns findings sorted by line and column.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from backend.schema import rules_images, rules_keys, rules_modules, rules_network, rules_storage
from backend.schema.catalog import ChartLine, common_schema, parse_version, pick_line
from backend.schema.context import Context, ValueCheck
from backend.schema.findings import Finding
from backend.schema.model import ChartSchema
from backend.schema.yaml_bounds import YamlRefused, read_document_bytes
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, compose, describe, line_count

VALUE_CHECKS: dict[str, ValueCheck] = {
    "node_port": rules_network.check_node_port,
    "port": rules_network.check_port,
    "party_id": rules_network.check_party_id,
    "party_key": rules_network.check_party_key,
    "replicas": rules_network.check_replicas,
    "count": rules_network.check_count,
    "host_port": rules_network.check_host_port,
    "quantity": rules_storage.check_quantity,
    "release_name": rules_keys.check_release_name,
    "dns_label": rules_keys.check_dns_label,
    "dns_subdomain": rules_keys.check_dns_subdomain,
    "registry": rules_images.check_registry,
}
"""Value rule kind (KeySpec.rule) -> its check."""

DOCUMENT_RULES: tuple[Callable[[Context], None], ...] = (
    rules_keys.check_required,
    rules_keys.walk,
    rules_network.check_party_id_present,
    rules_modules.check_module_names,
    rules_modules.check_modules_present,
    rules_modules.check_engines_set,
    rules_modules.check_combination,
    rules_modules.check_engine_modules,
    rules_modules.check_unused_modules,
    rules_network.check_party_lists,
    rules_network.check_route_tables,
    rules_network.check_own_routes,
    rules_storage.check_persistence,
    rules_storage.check_required_children,
)
"""The rules run on a document that is a map, in order."""


def _chart_identity(root: YMap) -> tuple[str | None, str | None]:
    name = root.get("chartName")
    version = root.get("chartVersion")
    chart = name.value if isinstance(name, YScalar) and isinstance(name.value, str) else None
    text = None
    if isinstance(version, YScalar) and version.value is not None:
        text = version.source.strip() or None
    return chart, text


def _select_schema(root: YMap) -> tuple[ChartSchema, list[Finding]]:
    """The chart line's schema, or the common keys with a warning saying why."""
    chart, version = _chart_identity(root)
    if not chart or version is None:
        return common_schema(chart or ""), []  # the missing key is reported as an error
    line: ChartLine = pick_line(chart, version)
    if line.schema is not None:
        return line.schema, []
    name_node = root.get("chartName")
    version_node = root.get("chartVersion")
    if line.status == "unknown-chart":
        at: YNode | None = name_node
        code = "unknown-chart"
        message = (
            f"chart {describe(chart)} is not one KubeFATE ships (fate, fate-serving, "
            "fate-exchange, fedml-client, fedml-server, fate-upgrade-manager): only the common "
            "keys (name, namespace, chartName, chartVersion) were checked"
        )
    elif line.status == "old-version":
        at = version_node
        code = "old-chart"
        parsed = parse_version(version) or ()
        message = (
            f"chartVersion {describe(version)} ({'.'.join(map(str, parsed))}) is older than 1.9, "
            "whose cluster.yaml layout differs (backend/imageTag instead of "
            "computing/federation/storage): only the common keys were checked"
        )
    else:
        at = version_node
        code = "chart-version"
        message = (
            f"chartVersion {describe(version)} is not a version number like v2.0.0, so the "
            f"{chart} chart line cannot be chosen: only the common keys were checked"
        )
    position = at if at is not None else None
    findings = [
        Finding(
            "warning",
            code,
            "chartName" if code == "unknown-chart" else "chartVersion",
            position.line if position else 1,
            position.column if position else 1,
            message,
        )
    ]
    return common_schema(chart), findings


def _document_findings(text: str) -> list[Finding]:
    root, findings = compose(text)
    if root is None:
        if not findings:
            findings.append(
                Finding(
                    "error",
                    "empty-document",
                    "",
                    1,
                    1,
                    "the file has no content: a cluster.yaml needs at least name, namespace, "
                    "chartName and chartVersion",
                )
            )
        return findings
    if not isinstance(root, YMap):
        kind = "a list" if isinstance(root, YSeq) else "a single value"
        findings.append(
            Finding(
                "error",
                "not-mapping",
                "",
                root.line,
                root.column,
                f"the document is {kind}, not a map of keys: a cluster.yaml is made of "
                '"key: value" lines such as "name: fate-9999"',
            )
        )
        return findings
    schema, chart_findings = _select_schema(root)
    findings.extend(chart_findings)
    ctx = Context(text, root, schema, VALUE_CHECKS)
    for rule in DOCUMENT_RULES:
        rule(ctx)
    findings.extend(ctx.findings)
    return findings


def _tidy(findings: list[Finding], text: str) -> list[Finding]:
    """Clamp positions into the text, make messages one line, drop repeats, sort."""
    last_line = line_count(text)
    tidy: dict[Finding, None] = {}
    for finding in findings:
        line = min(max(finding.line, 1), last_line)
        column = max(finding.column, 1)
        message = " ".join(finding.message.split())
        if (line, column, message) != (finding.line, finding.column, finding.message):
            finding = replace(finding, line=line, column=column, message=message)
        tidy[finding] = None
    return sorted(tidy, key=Finding.sort_key)


def validate_text(text: str) -> list[Finding]:
    """All findings for a cluster.yaml's text, sorted by line and column. Never raises."""
    try:
        findings = _document_findings(text)
    except Exception as error:  # the safety net: a finding, never a traceback
        findings = [
            Finding(
                "error",
                "internal-error",
                "",
                1,
                1,
                f"the validator failed on this input ({type(error).__name__}: {error}); please "
                "report it",
            )
        ]
    if not isinstance(text, str):
        return findings
    return _tidy(findings, text)


def validate_file(path: str | os.PathLike[str]) -> list[Finding]:
    """Validate a file. Raises OSError (missing, a directory, unreadable) or UnicodeDecodeError
    (not UTF-8); a UTF-8 byte order mark is accepted. A file too large to be a cluster.yaml
    (YAML_BOUNDS) is one finding, read no further."""
    try:
        with open(path, "rb") as handle:
            data = read_document_bytes(handle)
    except YamlRefused as refused:
        return [Finding("error", refused.code, "", 1, 1, refused.message)]
    return validate_text(data.decode("utf-8-sig"))
