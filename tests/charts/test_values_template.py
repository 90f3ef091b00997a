"""values-template.yaml rendered by Helm's engine with KubeFATE's semantics (§4.4)."""

from __future__ import annotations

import datetime

import pytest

from backend.charts.values_template import (
    ClusterSpecError,
    ValuesTemplateError,
    render_values_template,
)
from backend.helm import HelmEngine
from tests.helm.chart_builder import chart_archive

RULES_TEMPLATE = """\
name: {{ .name }}
partyId: {{ .partyId }}
partyIdText: {{ .partyId | int64 | toString | quote }}
quota: {{ .quota }}
ratio: {{ .ratio }}
persistence: {{ .persistence }}
istio:
  enabled: {{ .istio.enabled }}
registry: {{ .registry | default "docker.io/federatedai" }}
replicas: {{ .replicas | default 2 }}
pullPolicy: {{ .pullPolicy }}
nodePort: {{ .nodePort }}
usesRegistry: {{ ternary "false" "true" (empty .registry) }}
hasPython: {{ has "python" .modules }}
hasSpark: {{ has "spark" .modules }}
hasWhenNoList: {{ has "python" .noSuchList }}
title: {{ .name | quote }}
rootParty: {{ with .istio }}{{ $.partyId }}{{ end }}
routeKeys: {{ range $key, $_ := .nginx.route_table }}{{ $key }} {{ end }}
nginx:
  route_table:
{{ toYaml .nginx.route_table | indent 4 }}
modules:
{{ toYaml .modules | indent 2 }}
"""

RULES_SPEC = """\
name: fate-9999
partyId: 9999
quota: 1000000
ratio: 0.5
persistence: false
istio:
  enabled: false
registry: ""
replicas: 0
pullPolicy:
modules: [python, mysql]
nginx:
  route_table:
    10000:
      fateflow:
        - host: 192.168.10.1
          http_port: 30103
    9999:
      fateflow:
        - host: fateflow
          http_port: 9380
"""

EXPECTED_VALUES = {
    "name": "fate-9999",
    "partyId": 9999,
    "partyIdText": "9999",
    "quota": 1000000,
    "ratio": 0.5,
    "persistence": False,
    "istio": {"enabled": False},
    "registry": "docker.io/federatedai",
    "replicas": 2,
    "pullPolicy": None,
    "nodePort": None,
    "usesRegistry": False,
    "hasPython": True,
    "hasSpark": False,
    "hasWhenNoList": False,
    "title": "fate-9999",
    "rootParty": 9999,
    "routeKeys": "10000 9999",
    "nginx": {
        "route_table": {
            "10000": {"fateflow": [{"host": "192.168.10.1", "http_port": 30103}]},
            "9999": {"fateflow": [{"host": "fateflow", "http_port": 9380}]},
        }
    },
    "modules": ["python", "mysql"],
}


async def test_every_rule_of_section_4_4(helm: HelmEngine) -> None:
    rendered = await render_values_template(helm, RULES_TEMPLATE, RULES_SPEC)

    assert rendered.values == EXPECTED_VALUES


async def test_numbers_print_as_go_float64(helm: HelmEngine) -> None:
    rendered = await render_values_template(helm, RULES_TEMPLATE, RULES_SPEC)

    lines = rendered.text.splitlines()
    assert "partyId: 9999" in lines
    assert "quota: 1e+06" in lines  # what KubeFATE's Go service prints for a million
    assert "ratio: 0.5" in lines
    assert "persistence: false" in lines
    assert "pullPolicy: " in lines  # null and missing keys print nothing, not <no value>
    assert "nodePort: " in lines
    assert "<no value>" not in rendered.text


async def test_a_parsed_spec_gives_the_same_values_as_its_text(helm: HelmEngine) -> None:
    parsed = {
        "name": "fate-9999",
        "partyId": 9999,
        "quota": 1000000,
        "ratio": 0.5,
        "persistence": False,
        "istio": {"enabled": False},
        "registry": "",
        "replicas": 0,
        "pullPolicy": None,
        "modules": ["python", "mysql"],
        "nginx": {  # int keys, as PyYAML reads them
            "route_table": {
                10000: {"fateflow": [{"host": "192.168.10.1", "http_port": 30103}]},
                9999: {"fateflow": [{"host": "fateflow", "http_port": 9380}]},
            }
        },
    }

    rendered = await render_values_template(helm, RULES_TEMPLATE, parsed)

    assert rendered.values == EXPECTED_VALUES


async def test_dates_and_odd_keys_are_read_as_go_reads_them(helm: HelmEngine) -> None:
    template = "day: {{ .day | quote }}\nkeys: {{ range $k, $_ := .m }}{{ $k }},{{ end }}\n"
    spec = {"day": datetime.date(2024, 1, 31), "m": {True: 1, None: 2, 1.5: 3}}

    rendered = await render_values_template(helm, template, spec)

    assert rendered.values == {"day": "2024-01-31", "keys": "1.5,null,true,"}


async def test_a_field_of_a_missing_map_is_an_error_naming_the_line(helm: HelmEngine) -> None:
    template = (
        "partyId: {{ .partyId }}\n"
        "{{- with .hdfs }}\n"
        "hdfs:\n"
        "  nodeSelector: {{ .namenode.nodeSelector }}\n"
        "{{- end }}\n"
    )

    with pytest.raises(ValuesTemplateError) as caught:
        await render_values_template(helm, template, "partyId: 1\nhdfs:\n  datanode: {}\n")

    assert caught.value.line == 4
    message = str(caught.value)
    assert message.startswith("values-template.yaml line 4, column ")
    assert "cannot read .namenode.nodeSelector because .namenode is missing or null" in message
    assert "nil pointer evaluating interface {}.nodeSelector" in message


async def test_the_kubefate_example_of_a_nil_pointer(helm: HelmEngine) -> None:
    template = "nodeSelector: {{ .hdfs.namenode.nodeSelector }}\n"

    with pytest.raises(ValuesTemplateError) as caught:
        await render_values_template(helm, template, {"hdfs": {"datanode": {}}})

    assert caught.value.line == 1
    assert "because .hdfs.namenode is missing or null in the cluster spec" in str(caught.value)


async def test_columns_on_the_first_line_are_the_files_columns(helm: HelmEngine) -> None:
    failing = "x: {{ .a.b.c }}\n"

    with pytest.raises(ValuesTemplateError) as first_line:
        await render_values_template(helm, failing, {})
    with pytest.raises(ValuesTemplateError) as second_line:
        await render_values_template(helm, "ok: 1\n" + failing, {})

    assert first_line.value.line == 1 and second_line.value.line == 2
    assert first_line.value.column == second_line.value.column
    assert first_line.value.column is not None and first_line.value.column < len(failing)


async def test_a_syntax_error_names_the_line(helm: HelmEngine) -> None:
    with pytest.raises(ValuesTemplateError, match=r"values-template.yaml line 3: .*unexpected"):
        await render_values_template(helm, "a: 1\nb: 2\nc: {{ if .x }}\n", {})


async def test_an_unknown_function_is_reported(helm: HelmEngine) -> None:
    with pytest.raises(ValuesTemplateError, match='line 2: .*function "nosuch" not defined'):
        await render_values_template(helm, "a: 1\nb: {{ .x | nosuch }}\n", {})


async def test_output_that_is_not_yaml_is_reported(helm: HelmEngine) -> None:
    with pytest.raises(ValuesTemplateError, match="rendered to text that is not YAML"):
        await render_values_template(helm, "a: [1\n", {})


async def test_a_chart_without_values_template(helm: HelmEngine) -> None:
    with pytest.raises(ValuesTemplateError, match="ValuesTemplate not exist"):
        await render_values_template(helm, "  \n", {})


async def test_a_spec_that_is_not_a_mapping(helm: HelmEngine) -> None:
    with pytest.raises(ClusterSpecError):
        await render_values_template(helm, "a: 1\n", "- just\n- a list\n")


async def test_empty_output_is_no_values(helm: HelmEngine) -> None:
    rendered = await render_values_template(helm, "{{/* nothing */}}\n", "")

    assert rendered.values == {}


async def test_rendered_values_coalesce_over_the_chart_defaults(helm: HelmEngine) -> None:
    # What install does with the result: omitted keys keep values.yaml, null keys delete it.
    template = "partyId: {{ .partyId }}\ngreeting: {{ .greeting }}\n"
    rendered = await render_values_template(helm, template, {"partyId": 10000})
    chart = chart_archive(values="partyId: 1\ngreeting: from-chart\nextra: kept\n")

    manifests = await helm.render(chart, rendered.values, "fate-10000", "ns")

    text = manifests["demo/templates/cm.yaml"]
    assert 'partyId: "10000"' in text
    assert 'greeting: "hello"' in text  # null deleted the chart's "from-chart"; `default` won
