"""Individual rules, on small inline documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.schema.findings import Finding
from backend.schema.validator import validate_file, validate_text

EGGROLL_V2 = """\
name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
modules:
  - osx
  - clustermanager
  - nodemanager
  - mysql
  - python
  - fateboard
  - client
computing: Eggroll
federation: OSX
storage: Eggroll
"""  # 16 lines

SPARK_V2 = """\
name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
modules:
  - mysql
  - python
  - fateboard
  - client
  - spark
  - hdfs
  - nginx
  - pulsar
computing: Spark
federation: Pulsar
storage: HDFS
"""  # 17 lines


def found(text: str) -> list[tuple[str, str, int, int]]:
    return [(f.severity, f.code, f.line, f.column) for f in validate_text(text)]


def only(text: str) -> Finding:
    findings = validate_text(text)
    assert len(findings) == 1, findings
    return findings[0]


def test_base_documents_are_clean() -> None:
    assert validate_text(EGGROLL_V2) == []
    assert validate_text(SPARK_V2) == []


def test_empty_and_scalar_documents() -> None:
    assert found("") == [("error", "empty-document", 1, 1)]
    assert found("# nothing\n") == [("error", "empty-document", 1, 1)]
    assert found("just text\n") == [("error", "not-mapping", 1, 1)]
    assert found("{}\n")[0] == ("error", "missing-key", 1, 1)


def test_required_keys() -> None:
    findings = validate_text("chartName: fate-serving\nchartVersion: v2.1.6\nname: ''\n")
    assert [(f.code, f.path, f.line) for f in findings if f.severity == "error"] == [
        ("missing-key", "namespace", 1),
        ("missing-key", "name", 3),
    ]


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Fate", "uppercase letters are not allowed"),
        ("fate_1", '"_" is not allowed'),
        ("-fate", "must start with a letter or digit"),
        ("fate-", "must end with a letter or digit"),
        ("f" * 70, "too long: 70 > 53"),
    ],
)
def test_release_names(name: str, phrase: str) -> None:
    finding = only(EGGROLL_V2.replace("name: fate-9999", f"name: {name}", 1))
    assert (finding.code, finding.path, finding.line, finding.column) == (
        "invalid-name",
        "name",
        1,
        7,
    )
    assert phrase in finding.message


def test_name_limits() -> None:
    assert validate_text(EGGROLL_V2.replace("name: fate-9999", f"name: {'a' * 53}", 1)) == []
    namespace = "n" * 63
    assert (
        validate_text(EGGROLL_V2.replace("namespace: fate-9999", f"namespace: {namespace}")) == []
    )
    finding = only(EGGROLL_V2.replace("namespace: fate-9999", f"namespace: {namespace}x"))
    assert "too long: 64 > 63" in finding.message


def test_unknown_chart_and_old_versions() -> None:
    text = "name: a\nnamespace: b\nchartName: my-chart\nchartVersion: v1\nanything: {x: 1}\n"
    finding = only(text)
    assert (finding.severity, finding.code, finding.line, finding.column) == (
        "warning",
        "unknown-chart",
        3,
        12,
    )
    assert "only the common keys" in finding.message
    old = only(EGGROLL_V2.replace("v2.0.0", "v1.6.0") + "backend: eggroll\n")
    assert (old.code, old.line) == ("old-chart", 4)
    odd = only(EGGROLL_V2.replace("v2.0.0", "latest"))
    assert (odd.code, odd.severity) == ("chart-version", "warning")
    fedml = validate_text("name: a\nnamespace: b\nchartName: fedml-client\nchartVersion: 0.7.355\n")
    assert fedml == []


def test_soft_and_hard_types() -> None:
    text = EGGROLL_V2 + "istio:\n  enabled: 'true'\npodSecurityPolicy:\n  enabled: 1\n"
    assert found(text) == [("warning", "type", 18, 12), ("error", "type", 20, 12)]
    text = EGGROLL_V2 + "python:\n  replicas: '2'\n  nodeSelector: [a]\n  resources: 1\n"
    assert found(text) == [
        ("warning", "type", 18, 13),
        ("error", "type", 19, 17),
        ("error", "type", 20, 14),
    ]
    # YAML null and "" mean "unset" for optional keys (KubeFATE's files write `pullPolicy:`).
    assert validate_text(EGGROLL_V2 + "pullPolicy:\nservingPort: ''\npython:\n  type:\n") == []


def test_skipped_keys_silence_shape_checks_but_not_ranges() -> None:
    table = (
        "pulsar:\n  route_table:\n    10000:\n      host: 192.168.10.1\n"
        "      port: 99999\n      weird: 1\n"
    )
    # Without skippedKeys the route table's shape is checked too.
    loose = SPARK_V2 + table
    assert [(code, line) for _, code, line, _ in found(loose)] == [
        ("own-route-missing", 20),  # a meaning, not a shape: skippedKeys keeps it
        ("port-range", 22),
        ("unknown-key", 23),
    ]
    skipped = SPARK_V2 + "skippedKeys:\n  - route_table\n" + table
    assert [(code, line) for _, code, line, _ in found(skipped)] == [
        ("own-route-missing", 22),
        ("port-range", 24),
    ]


def test_skipped_keys_apply_at_any_depth() -> None:
    text = EGGROLL_V2 + "skippedKeys: [myKey]\nosx:\n  myKey: 1\nmyKey: {a: 1}\n"
    assert validate_text(text) == []


def test_route_table_keys() -> None:
    table = (
        "pulsar:\n  route_table:\n    default: {proxy: 'x:443'}\n    abc: {host: a}\n    0: {}\n"
    )
    findings = validate_text(SPARK_V2 + table)
    assert [(f.code, f.line, f.column) for f in findings] == [
        ("own-route-missing", 20, 5),
        ("party-id", 21, 5),
        ("party-id", 22, 5),
    ]
    assert "is not a number" in findings[1].message


def test_engine_defaults_and_combinations() -> None:
    text = EGGROLL_V2.replace("computing: Eggroll\n", "").replace("storage: Eggroll\n", "")
    findings = validate_text(text)
    assert [(f.severity, f.code, f.path) for f in findings] == [
        ("warning", "missing-key", "computing"),
        ("warning", "missing-key", "storage"),
    ]
    odd = SPARK_V2.replace("computing: Spark", "computing: Spark_local").replace("  - spark\n", "")
    assert found(odd) == [("warning", "engine-combination", 14, 12)]
    mixed = EGGROLL_V2.replace("federation: OSX", "federation: Pulsar") + ""
    findings = validate_text(mixed)
    codes = [(f.severity, f.code, f.line) for f in findings]
    assert ("error", "engine-combination", 14) in codes
    assert ("error", "module-engine", 15) in codes  # pulsar module missing
    assert ("warning", "module-unused", 7) in codes  # osx without OSX
    assert all("not supported" not in f.message for f in findings)


def test_implicit_engine_needs_modules() -> None:
    text = SPARK_V2.replace("computing: Spark\n", "")
    findings = validate_text(text)
    needs = [f for f in findings if f.code == "module-engine"]
    assert [(f.line, f.column) for f in needs] == [(6, 1), (6, 1)]
    assert all("is not set, so it is Eggroll" in f.message for f in needs)


def test_v2_osx_and_rollsite_together() -> None:
    text = EGGROLL_V2.replace("  - osx\n", "  - osx\n  - rollsite\n")
    assert found(text) == [("warning", "v1-layout", 8, 5)]


def test_modules_must_be_a_list_of_known_names() -> None:
    text = EGGROLL_V2.replace("modules:\n  - osx\n", "modules:\n  - osx\n  - 3\n  - python\n")
    assert found(text) == [
        ("error", "unknown-module", 8, 5),
        ("warning", "duplicate-module", 13, 5),
    ]
    text = EGGROLL_V2.replace("modules:\n  - osx\n", "modules:\n  - osx\n  -\n  - {a: 1}\n")
    assert found(text) == [("error", "type", 8, 4), ("error", "type", 9, 5)]
    text = EGGROLL_V2.split("modules:")[0] + "modules: python\ncomputing: Eggroll\n"
    assert ("error", "type", 6, 10) in found(text)
    no_modules = EGGROLL_V2.split("modules:")[0] + "computing: Eggroll\n"
    assert ("error", "missing-key", 1, 1) in found(no_modules)


def test_external_mysql_replaces_the_module() -> None:
    text = EGGROLL_V2.replace("  - mysql\n", "")
    assert found(text) == [("error", "module-missing", 6, 1)]
    assert validate_text(text + "externalMysqlIp: db.example.com\n") == []


def test_hdfs_sections() -> None:
    assert validate_text(SPARK_V2 + "hdfs:\n") == []
    assert validate_text(SPARK_V2 + "hdfs: {}\n") == []
    assert validate_text(SPARK_V2 + "hdfs:\n  namenode: {}\n  datanode: {}\n") == []
    findings = validate_text(SPARK_V2 + "hdfs:\n  namenode:\n  datanode: {}\n")
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("incomplete-section", "hdfs.namenode", 18)
    ]
    assert "has an empty namenode map" in findings[0].message
    ignored = SPARK_V2 + "hdfs:\n  namenode:\n    image: x\n  datanode: {}\n"
    assert found(ignored) == [("warning", "ignored-key", 20, 5)]


def test_persistence_is_quiet_when_claims_are_given() -> None:
    text = EGGROLL_V2 + "persistence: true\n"
    text += "".join(
        f"{m}:\n  storageClass: standard\n" for m in ("mysql", "client", "python", "nodemanager")
    )
    assert validate_text(text) == []
    assert validate_text(EGGROLL_V2 + "persistence: false\n") == []


def test_persistence_of_serving() -> None:
    text = (
        "name: s\nnamespace: s\nchartName: fate-serving\nchartVersion: v2.1.6\npartyId: 9999\n"
        "persistence: true\nmodules: [servingZookeeper, servingRedis]\n"
        "servingZookeeper:\n  storageClassName: fast\n"
    )
    findings = validate_text(text)
    assert [(f.code, f.path, f.line, f.column) for f in findings] == [
        ("persistence-class", "servingRedis", 7, 29)
    ]
    assert '"serving-redis"' in findings[0].message


def test_registries_per_line() -> None:
    assert validate_text(EGGROLL_V2 + "registry: myreg.example.com/\n") == []
    assert validate_text(EGGROLL_V2 + 'registry: ""\n') == []
    v1 = EGGROLL_V2.replace("v2.0.0", "v1.11.2").replace("osx", "rollsite")
    v1 = v1.replace("federation: OSX", "federation: Eggroll")
    assert validate_text(v1) == []
    assert validate_text(v1 + "registry: hub.example.com/federatedai\n") == []
    serving = "name: s\nnamespace: s\nchartName: fate-serving\nchartVersion: v2.1.6\npartyId: 1\n"
    assert found(serving + "registry: hub.example.com/\n") == [("error", "registry-slash", 6, 11)]


def test_other_values() -> None:
    text = EGGROLL_V2 + (
        "python:\n  size: lots\n  storageClass: Fast_SSD\n"
        "osx:\n  polling:\n    concurrency: 0\n    type: Server\n"
    )
    assert found(text) == [
        ("error", "quantity", 18, 9),
        ("error", "invalid-name", 19, 17),
        ("error", "range", 22, 18),
        ("error", "enum", 23, 11),
    ]
    exchange = (
        "name: x\nnamespace: x\nchartName: fate-exchange\nchartVersion: v1.11.2\npartyId: 1\n"
        "modules: [trafficServer, nginx, rolsite]\n"
        "trafficServer:\n  route_table:\n    sni:\n      - fqdn: 10000.fate.org\n"
        "        tunnelRoute: 192.168.10.1\n"
    )
    assert found(exchange) == [("error", "unknown-module", 6, 33), ("warning", "host-port", 11, 22)]


def test_party_ids() -> None:
    text = EGGROLL_V2.replace("partyId: 9999", "partyId: 0")
    assert found(text) == [("error", "party-id", 5, 10)]
    text = EGGROLL_V2.replace("partyId: 9999", "partyId: 4294967296")
    assert found(text) == [("error", "party-id", 5, 10)]
    text = EGGROLL_V2.replace("partyId: 9999\n", "")
    assert found(text) == [("warning", "missing-key", 1, 1)]


def test_an_alias_bomb_is_one_error_naming_the_bound() -> None:
    lines = ["a0: &a0 {x: 1, y: 2}"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 25)]
    findings = validate_text(EGGROLL_V2 + "\n".join(lines) + "\n")
    assert [(f.severity, f.code) for f in findings] == [("error", "yaml-limit")]
    assert "aliases (*name) expand the document" in findings[0].message


def test_deep_nesting_is_a_finding() -> None:
    findings = validate_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [(f.code, f.line) for f in findings] == [("yaml-limit", 1)]
    assert "nested more than 64 levels deep" in findings[0].message


def test_validate_file_reports_read_problems(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        validate_file(tmp_path / "missing.yaml")
    with pytest.raises(OSError):
        validate_file(tmp_path)
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(UnicodeDecodeError):
        validate_file(binary)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + EGGROLL_V2.encode())
    assert validate_file(bom) == []


def test_a_number_for_an_enum_gets_one_finding() -> None:
    finding = only(EGGROLL_V2.replace("computing: Eggroll", "computing: 1"))
    assert (finding.code, finding.line, finding.column) == ("enum", 14, 12)
    assert "Eggroll, Spark, Spark_local" in finding.message
