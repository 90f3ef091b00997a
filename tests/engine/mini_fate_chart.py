"""A small chart in KubeFATE's format, written for these tests: `fate` v2.0.0-shaped, with a
values-template.yaml, and three workloads labelled `name=<release>` (two StatefulSets, one
Deployment), so the engine sees a real module mix without FATE's images."""

from __future__ import annotations

from tests.helm.chart_builder import archive

VALUES_TEMPLATE = """\
partyId: {{ .partyId | int64 | toString }}
partyName: {{ .name }}
image:
  registry: {{ .registry | default "" }}
  tag: {{ .imageTag | default "2.0.0-release" }}
logLevel: {{ if .python }}{{ .python.logLevel | default "INFO" }}{{ else }}INFO{{ end }}
modules:
  python:
    include: {{ has "python" .modules }}
  mysql:
    include: {{ has "mysql" .modules }}
  fateboard:
    include: {{ has "fateboard" .modules }}
"""

VALUES = """\
partyId: 0
partyName: fate
image:
  registry: ""
  tag: 2.0.0-release
logLevel: INFO
modules:
  python: {include: false}
  mysql: {include: false}
  fateboard: {include: false}
"""

_WORKLOAD = """\
{{- if .Values.modules.MODULE.include }}
apiVersion: apps/v1
kind: KIND
metadata:
  name: MODULE
  namespace: {{ .Release.Namespace }}
  labels:
    name: {{ .Release.Name }}
    fateMoudle: MODULE
spec:
  replicas: 1
SERVICE_NAME
  selector:
    matchLabels:
      name: {{ .Release.Name }}
      fateMoudle: MODULE
  template:
    metadata:
      labels:
        name: {{ .Release.Name }}
        fateMoudle: MODULE
    spec:
      containers:
        - name: CONTAINER
          image: "{{ .Values.image.registry }}federatedai/IMAGE:{{ .Values.image.tag }}"
          env:
            - name: PARTY_ID
              value: {{ .Values.partyId | quote }}
            - name: LOG_LEVEL
              value: {{ .Values.logLevel | quote }}
{{- end }}
"""


def _workload(module: str, kind: str, container: str, image: str) -> str:
    service = "  serviceName: " + module if kind == "StatefulSet" else ""
    text = _WORKLOAD.replace("MODULE", module).replace("KIND", kind)
    text = text.replace("CONTAINER", container).replace("IMAGE", image)
    return text.replace("SERVICE_NAME\n", service + "\n" if service else "")


def mini_fate_files(version: str = "v2.0.0") -> dict[str, str]:
    return {
        "Chart.yaml": f"apiVersion: v1\nname: fate\nversion: {version}\nappVersion: {version}\n",
        "values.yaml": VALUES,
        "values-template.yaml": VALUES_TEMPLATE,
        "values-template-example.yaml": "name: fate-9999\nnamespace: fate-9999\n",
        "templates/python.yaml": _workload("python", "StatefulSet", "fateflow", "fateflow"),
        "templates/mysql.yaml": _workload("mysql", "StatefulSet", "mysql", "mysql"),
        "templates/fateboard.yaml": _workload("fateboard", "Deployment", "fateboard", "fateboard"),
    }


def mini_fate_chart(version: str = "v2.0.0") -> bytes:
    return archive(mini_fate_files(version), folder="fate")


def cluster_yaml(name: str = "fate-9999", namespace: str = "fate-9999", **extra: str) -> bytes:
    """A cluster.yaml for the mini chart; `extra` adds top-level `key: value` lines."""
    lines = [
        f"name: {name}",
        f"namespace: {namespace}",
        "chartName: fate",
        "chartVersion: v2.0.0",
        "partyId: 9999",
        "modules:",
        "  - python",
        "  - mysql",
        "  - fateboard",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    return ("\n".join(lines) + "\n").encode()
