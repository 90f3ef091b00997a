"""From a cluster spec to Helm values, through the chart's `values-template.yaml` (§4.4).

KubeFATE renders the values-template with Go's text/template plus sprig, `.` being the cluster
spec, then reads the output as YAML. We run the very same engine, Helm's, in the Helm worker:
the template becomes a named template in a throw-away chart whose only manifest is
`{{ template "kubefate.values-template" .Values }}`, which makes the spec both `.` and `$`.
What that gives for free, exactly as KubeFATE has it:

* numbers reach Go as float64 (values travel as JSON): `9999` prints `9999`, a million `1e+06`;
* map keys are strings (a route_table key 10000 is "10000");
* `missingkey=zero`, then every `<no value>` is deleted: absent or null keys print nothing;
* sprig (`default`, `has`, `ternary`, `int64`, `toString`, `quote`, `indent`...) and `toYaml`;
* a field of a missing map (`.hdfs.namenode.nodeSelector` without `namenode:`) is an error.

Differences, all supersets: `include`, `tpl`, `required` and `lookup` really work here (KubeFATE
has stubs), and Helm's `toYaml` prints a float like 1e+06 as 1000000. The rendered text is read
back with Helm's YAML reader (sigs.k8s.io/yaml, as KubeFATE does), so YAML 1.1 scalars such as
`1e+06`, `yes` or `012` mean what they mean to Go, not to PyYAML.

When these values are installed, Helm coalesces them over the chart's values.yaml: keys the
template leaves out keep the chart's defaults, and keys rendered as null delete them.
"""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backend.errors import InvalidRequest
from backend.helm import ChartInvalid, ChartRenderError, HelmEngine

VALUES_TEMPLATE_FILE = "values-template.yaml"
_CHART = "kubefate-values"
_NAME = "kubefate.values-template"
_PARTIAL = f"templates/_{VALUES_TEMPLATE_FILE}"
_OUTPUT = "templates/values.yaml"
# On the template's first line, so Helm's line numbers are the file's line numbers.
_OPENING = '{{ define "%s" }}' % _NAME  # noqa: UP031 - braces make an f-string unreadable
_CLOSING = "{{ end }}"
_NIL_FIELD = re.compile(r"at <(?P<expr>[^>]*)>: nil pointer evaluating interface \{\}\.(?P<f>\w+)")


class ValuesTemplateError(InvalidRequest):
    """The values-template cannot be rendered for this spec; `line`/`column` point into
    values-template.yaml when the failure has a place there."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class ClusterSpecError(InvalidRequest):
    """The cluster spec itself cannot be read (not YAML, or not a mapping)."""


@dataclass(frozen=True, slots=True)
class RenderedValues:
    """The rendered values-template text (worth showing in a preview) and the values it means."""

    text: str
    values: dict[str, Any]


async def render_values_template(
    helm: HelmEngine, values_template: str, spec: Mapping[str, Any] | str
) -> RenderedValues:
    """Helm values for a cluster: `values_template` rendered with `spec` as `.`.

    `spec` is the cluster.yaml text (read by Go, exactly as KubeFATE reads it) or the spec
    already parsed (PyYAML's int keys, dates... are converted the way Go would have read them).
    """
    if not values_template.strip():
        raise ValuesTemplateError(
            "the chart has no values-template.yaml, so the cluster spec cannot be turned into "
            "Helm values (KubeFATE: FateChart ValuesTemplate not exist)"
        )
    values = await _spec_values(helm, spec)
    try:
        manifests = await helm.render(wrapper_chart(values_template), values, _CHART, "default")
    except ChartRenderError as error:
        raise _located(error, values_template) from None
    text = manifests.get(f"{_CHART}/{_OUTPUT}", "")
    try:
        parsed = await helm.parse_values(text)
    except ChartInvalid as error:
        raise ValuesTemplateError(
            f"{VALUES_TEMPLATE_FILE} rendered to text that is not YAML: {error}"
        ) from None
    return RenderedValues(text=text, values=parsed)


def wrapper_chart(values_template: str) -> bytes:
    """The throw-away chart (a .tgz) that renders `values_template` with `.Values` as `.`."""
    files = {
        "Chart.yaml": f"apiVersion: v2\nname: {_CHART}\nversion: 0.0.0\n",
        _PARTIAL: f"{_OPENING}{values_template}{_CLOSING}",
        _OUTPUT: '{{ template "%s" .Values }}' % _NAME,  # noqa: UP031
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            member = tarfile.TarInfo(f"{_CHART}/{name}")
            member.size = len(data)
            member.mode = 0o644
            tar.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def go_compatible(value: Any) -> Any:
    """A parsed spec as Go's sigs.k8s.io/yaml would have produced it: string keys (`10000`,
    `true`, `null`), dates as their text, tuples and sets as lists."""
    if isinstance(value, Mapping):
        return {_go_key(key): go_compatible(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [go_compatible(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _go_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, datetime | date):
        return key.isoformat()
    return str(key)


async def _spec_values(helm: HelmEngine, spec: Mapping[str, Any] | str) -> dict[str, Any]:
    if isinstance(spec, Mapping):
        return dict(go_compatible(spec))
    try:
        return await helm.parse_values(spec)
    except ChartInvalid as error:
        raise ClusterSpecError(f"the cluster spec is not a YAML mapping: {error}") from None


def _located(error: ChartRenderError, values_template: str) -> ValuesTemplateError:
    """Helm's error, re-pointed at values-template.yaml (the wrapper adds text on line 1, and
    its closing `{{ end }}` sits after the file's last line)."""
    if not error.path.endswith(_PARTIAL) or error.line is None:
        return ValuesTemplateError(f"{VALUES_TEMPLATE_FILE}: {_explain(error.detail)}")
    line, column = min(error.line, _line_count(values_template)), error.column
    if line == 1 and column is not None:
        column = max(1, column - len(_OPENING))
    where = f"{VALUES_TEMPLATE_FILE} line {line}" + (f", column {column}" if column else "")
    return ValuesTemplateError(f"{where}: {_explain(error.detail)}", line=line, column=column)


def _line_count(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _explain(detail: str) -> str:
    """Say which spec key is missing when Go reports a nil pointer, keeping Go's own words."""
    detail = detail.replace(f'executing "{_NAME}" ', "")
    if detail.endswith("unexpected EOF"):
        return (
            f"{detail} (an {{{{ if }}}}, {{{{ range }}}} or {{{{ with }}}} lacks its {{{{ end }}}})"
        )
    found = _NIL_FIELD.search(detail)
    if found is None:
        return detail
    expr, field = found.group("expr"), found.group("f")
    step = re.search(rf"\.{re.escape(field)}(?=\.|$)", expr)
    parent = expr[: step.start()] if step else ""
    if not parent:
        return detail
    return (
        f"cannot read {expr} because {parent} is missing or null in the cluster spec "
        f"(nil pointer evaluating interface {{}}.{field})"
    )
