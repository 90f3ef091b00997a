"""KubeFATE's own cluster.yaml files: exact findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.schema.validator import validate_file
from tests.schema.helpers import REAL_FILES, V1, V2, line_of, summary


def _rollsite_layout(path: Path) -> list[tuple[str, str, int, int]]:
    """The three places of the v1.x layout under chartVersion v2.0.0, located in the text."""
    return [
        ("warning", "v1-layout", line_of(path, r"^\s+- rollsite\s*$"), 5),
        ("warning", "v1-layout", line_of(path, r"^federation: Eggroll"), 13),
        ("warning", "v1-layout", line_of(path, r"^rollsite:"), 1),
    ]


EXPECTED: dict[Path, list[tuple[str, str, int, int]]] = {
    V2 / "cluster.yaml": [],
    V2 / "cluster-serving.yaml": [],
    V2 / "cluster-spark-pulsar.yaml": [],
    V2 / "cluster-spark-rabbitmq.yaml": [],
    V2 / "cluster-spark-slim.yaml": [],
    V2 / "party-9999-cluster.yaml": [
        ("warning", "v1-layout", 17, 5),
        ("warning", "v1-layout", 26, 13),
        ("warning", "v1-layout", 39, 1),
    ],
    V2 / "party-9999-cluster-gpu.yaml": [
        ("warning", "v1-layout", 17, 5),
        ("warning", "v1-layout", 26, 13),
        ("warning", "v1-layout", 39, 1),
    ],
    V2 / "party-9999-cluster-serving.yaml": [],
    V2 / "party-9999-cluster-spark-local-pulsar.yaml": [],
    V2 / "party-9999-cluster-spark-pulsar.yaml": [],
    V2 / "party-9999-cluster-spark-rabbitmq.yaml": [],
    V1 / "cluster.yaml": [],
    V1 / "cluster-spark-pulsar.yaml": [],
    V1 / "cluster-spark-rabbitmq.yaml": [],
    V1 / "cluster-spark-slim.yaml": [],
}


def test_every_real_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == REAL_FILES


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_file_exact_findings(path: Path) -> None:
    findings = validate_file(path)
    assert summary(findings) == EXPECTED[path]
    assert not any(f.severity == "error" for f in findings)


@pytest.mark.parametrize("path", sorted(V2.glob("party-9999-*.yaml")), ids=lambda p: p.name)
def test_party_examples(path: Path) -> None:
    """The party-9999 examples (chartName fate) deploy with zero errors; those written in the
    v1.x rollsite layout get one warning per place, the first on the `- rollsite` line."""
    findings = validate_file(path)
    assert [f for f in findings if f.severity == "error"] == []
    text = path.read_text()
    if "chartName: fate\n" not in text:
        assert findings == []
        return
    if "- rollsite" in text:
        assert summary(findings) == _rollsite_layout(path)
        first = findings[0]
        assert first.path == "modules[0]"
        assert '"- osx"' in first.message
        assert "rollsite" in first.message
        section = findings[2]
        assert section.path == "rollsite" and '"osx:"' in section.message
        federation = findings[1]
        assert "federation: OSX" in federation.message
        assert all("not supported" not in f.message for f in findings)
    else:
        assert findings == []
