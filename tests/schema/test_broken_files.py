"""Hand-written broken cluster.yaml files (tests/schema/data): exact findings.

Each expectation is (severity, code, line, column, a phrase of the message).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.schema.validator import validate_file
from tests.schema.helpers import DATA

Expectation = tuple[str, str, int, int, str]

EXPECTED: dict[str, list[Expectation]] = {
    "syntax-error.yaml": [
        ("error", "yaml-syntax", 6, 10, "expected ',' or ']'"),
    ],
    "duplicate-key.yaml": [
        ("error", "duplicate-key", 20, 1, "lines 17 and 20"),
    ],
    "bad-name.yaml": [
        ("error", "invalid-name", 1, 7, "uppercase letters are not allowed"),
    ],
    "bad-namespace.yaml": [
        ("error", "invalid-name", 2, 12, '"." is not allowed'),
    ],
    "wrong-type.yaml": [
        ("error", "type", 5, 10, "partyId must be an integer (e.g. 9999)"),
        ("error", "type", 6, 14, "which the chart treats as true"),
        ("warning", "type", 20, 13, "write it without quotes (30091)"),
        ("error", "type", 22, 5, 'start each item with "- "'),
        ("error", "type", 26, 13, "must be a whole number, not 1.5"),
        ("warning", "type", 27, 13, '("2.0")'),
    ],
    "bad-enum.yaml": [
        ("error", "enum", 6, 13, "did you mean IfNotPresent?"),
        ("error", "enum", 15, 12, "values are case-sensitive; write Eggroll"),
        ("error", "enum", 18, 12, "is not one of Basic, NN, ALL"),
        ("error", "enum", 20, 15, "ReadWriteOnce, ReadOnlyMany, ReadWriteMany"),
    ],
    "bad-combination.yaml": [
        ("error", "engine-combination", 14, 12, "spark-worker pods cannot read"),
    ],
    "missing-engine-module.yaml": [
        ("warning", "module-unused", 13, 5, "only used with computing Eggroll"),
        ("error", "module-engine", 14, 12, 'computing Spark needs module nginx; add "- nginx"'),
        ("error", "module-engine", 14, 12, 'computing Spark needs module spark; add "- spark"'),
    ],
    "nodeport-range.yaml": [
        ("error", "nodeport-range", 19, 13, "service-node-port-range"),
        ("error", "port-range", 23, 18, "70000 is not a valid port"),
        ("error", "nodeport-range", 26, 17, "httpNodePort 29999 is outside 30000-32767"),
        ("error", "nodeport-range", 27, 17, "grpcNodePort 32768"),
    ],
    "duplicate-partyid.yaml": [
        ("warning", "own-party-route", 25, 16, "this cluster's own partyId"),
        ("error", "duplicate-party-id", 28, 16, "lines 22 and 28"),
        ("error", "duplicate-party-id", 36, 11, "id 1 appears twice in lbrollsite.exchangeList"),
        ("error", "duplicate-party-id", 46, 5, '10000 and "10000" are the same key'),
        ("error", "port-range", 50, 22, "grpc_port 300108"),
    ],
    "persistence-no-class.yaml": [
        ("warning", "persistence-class", 11, 5, "cluster's default StorageClass"),
        ("warning", "persistence-class", 18, 1, 'asks for StorageClass "python"'),
    ],
    "registry-slash-v2.yaml": [
        ("error", "registry-slash", 6, 11, 'Write "myreg.example.com/"'),
    ],
    "registry-slash-v1.yaml": [
        ("error", "registry-slash", 6, 11, 'Write "hub.example.com/federatedai"'),
    ],
    "osx-under-v1.yaml": [
        ("error", "v2-only", 7, 5, 'Write "- rollsite"'),
        ("error", "v2-only", 15, 13, 'write "federation: Eggroll"'),
        ("error", "v2-only", 17, 1, 'Rename it to "rollsite:"'),
    ],
    "hdfs-no-datanode.yaml": [
        ("error", "incomplete-section", 18, 1, "hdfs has no datanode map"),
    ],
    "unknown-key.yaml": [
        ("warning", "unknown-key", 6, 1, 'Did you mean "persistence"?'),
        ("error", "module-missing", 7, 1, 'add "- python" to modules'),
        ("error", "unknown-module", 12, 5, 'Did you mean "python"?'),
        ("warning", "unknown-key", 19, 3, 'Did you mean "nodePort"?'),
        ("warning", "unknown-key", 20, 3, "list it in skippedKeys"),
    ],
    "missing-required.yaml": [
        ("error", "missing-key", 1, 1, 'add "name: <release name>"'),
        ("warning", "missing-key", 1, 1, "chart default Eggroll applies"),
        ("warning", "missing-key", 1, 1, "chart default OSX applies"),
        ("warning", "missing-key", 1, 1, 'write "storage: Eggroll"'),
        ("error", "missing-key", 4, 1, "namespace is empty"),
    ],
    "not-mapping.yaml": [
        ("error", "not-mapping", 1, 1, "the document is a list"),
    ],
    "v1-layout-under-v2.yaml": [
        ("warning", "v1-layout", 7, 5, 'Write "- osx" instead'),
        ("warning", "v1-layout", 15, 13, 'Write "federation: OSX"'),
        ("warning", "v1-layout", 17, 1, 'Rename it to "osx:"'),
        ("error", "nodeport-range", 19, 13, "nodePort 300091"),
        ("warning", "own-party-route", 21, 16, "rollsite.partyList has a route to party 9999"),
    ],
    "unused-modules.yaml": [
        ("warning", "module-missing", 6, 1, 'add "- client"'),
        ("warning", "module-missing", 6, 1, 'add "- fateboard"'),
        ("warning", "module-unused", 11, 5, "module spark is only used with computing Spark"),
        ("warning", "module-unused", 12, 5, "set federation: RabbitMQ"),
        ("warning", "module-unused", 13, 5, "computing Spark or Spark_local"),
    ],
}


def test_every_data_file_has_an_expectation() -> None:
    assert sorted(path.name for path in DATA.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_exact_findings(name: str) -> None:
    findings = validate_file(Path(DATA, name))
    got = [(f.severity, f.code, f.line, f.column) for f in findings]
    assert got == [expected[:4] for expected in EXPECTED[name]]
    for finding, expected in zip(findings, EXPECTED[name], strict=True):
        assert expected[4] in finding.message, (finding, expected)
        assert "\n" not in finding.message
