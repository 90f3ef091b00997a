"""A route table that lists other parties must list this party too."""

from __future__ import annotations

from backend.schema.validator import validate_text

BASE = """name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
modules: [mysql, python, fateboard, client, spark, hdfs, nginx, pulsar]
computing: Spark
federation: Pulsar
storage: HDFS
"""


def _codes(text: str) -> list[str]:
    return [finding.code for finding in validate_text(text)]


def test_a_pulsar_table_without_this_party_is_warned_about_with_the_entry_to_add() -> None:
    text = BASE + "pulsar:\n  route_table:\n    10000: {host: 10.0.0.2, port: 30104}\n"
    (finding,) = [f for f in validate_text(text) if f.code == "own-route-missing"]
    assert finding.severity == "warning" and finding.path == "pulsar.route_table"
    assert "Add 9999: {host: pulsar, port: 6650, sslPort: 6651" in finding.message


def test_no_table_or_a_table_with_this_party_is_fine() -> None:
    assert "own-route-missing" not in _codes(BASE)
    with_own = BASE + "pulsar:\n  route_table:\n    9999: {host: pulsar, port: 6650}\n"
    assert "own-route-missing" not in _codes(with_own)
    empty = BASE + "pulsar:\n  route_table: {}\n"
    assert "own-route-missing" not in _codes(empty)
