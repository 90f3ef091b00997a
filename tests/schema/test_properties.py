"""Property tests: the validator never raises and its findings are always well formed.

Budget: 1,500 generated documents + 1,200 mutated real files, a few seconds on 2 cores.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.schema.catalog import all_schemas
from backend.schema.findings import Finding
from backend.schema.validator import validate_text
from tests.schema.helpers import REAL_FILES

# Key names the schema knows (last segments), so generated documents reach deep rules.
_VOCABULARY = sorted(
    {spec.name for schema in all_schemas() for spec in schema.keys if spec.name not in ("*",)}
    | {"rollsite", "10000", "9999", "default"}
)
_CHARTS = [
    ("fate", "v2.0.0"),
    ("fate", "v1.11.2"),
    ("fate", "v1.6.0"),
    ("fate-serving", "v2.1.6"),
    ("fate-exchange", "v1.11.2"),
    ("fedml-client", "0.7.355"),
    ("mystery", "v0"),
]
_MODULE_NAMES = sorted({m for schema in all_schemas() for m in schema.module_names} | {"bogus"})
_ENGINE_VALUES = ["Eggroll", "Spark", "Spark_local", "OSX", "Pulsar", "RabbitMQ", "HDFS", "LocalFS"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from([0, 80, 9370, 30091, 32768, 65536, 9999, 10000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(_ENGINE_VALUES + _MODULE_NAMES + ["", "true", "30091", "1Gi", "a:1"]),
)
keys = st.one_of(st.sampled_from(_VOCABULARY), st.text(max_size=8), st.integers(0, 20000))
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)


@st.composite
def cluster_documents(draw: st.DrawFn) -> dict[Any, Any]:
    """Cluster-like documents: a random chart line, engines, modules and random sections."""
    chart, version = draw(st.sampled_from(_CHARTS))
    document: dict[Any, Any] = {
        "name": draw(st.sampled_from(["fate-9999", "Bad_Name", "x" * 60])),
        "namespace": draw(st.sampled_from(["fate-9999", "NS"])),
        "chartName": chart,
        "chartVersion": version,
    }
    if draw(st.booleans()):
        document["modules"] = draw(st.lists(st.sampled_from(_MODULE_NAMES), max_size=9))
    for key in ("computing", "federation", "storage"):
        if draw(st.booleans()):
            document[key] = draw(st.sampled_from(_ENGINE_VALUES))
    document.update(draw(st.dictionaries(keys, trees, max_size=6)))
    for key in ("name", "namespace", "chartName", "chartVersion"):
        if draw(st.integers(0, 9)) == 0:
            document.pop(key, None)
    return document


def assert_well_formed(text: str, findings: list[Finding]) -> None:
    assert isinstance(findings, list)
    limit = len(text.splitlines()) + 1
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.severity in ("error", "warning")
        assert 1 <= finding.line <= limit, (finding, limit)
        assert finding.column >= 1
        assert finding.code and finding.code != "internal-error", finding
        assert finding.message and "\n" not in finding.message
        assert isinstance(finding.path, str)
    assert findings == sorted(findings, key=Finding.sort_key)


def _dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@settings(max_examples=700, deadline=None)
@given(cluster_documents())
def test_cluster_like_documents(document: dict[Any, Any]) -> None:
    text = _dump(document)
    findings = validate_text(text)
    assert_well_formed(text, findings)
    if "name" not in document:
        assert any(f.severity == "error" for f in findings)


@settings(max_examples=400, deadline=None)
@given(trees)
def test_random_structures(document: object) -> None:
    text = _dump(document)
    findings = validate_text(text)
    assert_well_formed(text, findings)
    # A document without `name` (any non-map, or a map lacking it) always has an error.
    if not isinstance(document, dict) or "name" not in document:
        assert any(f.severity == "error" for f in findings)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    findings = validate_text(text)
    assert_well_formed(text, findings)
    if "name:" not in text:
        assert any(f.severity == "error" for f in findings)


_REAL_TEXTS = [path.read_text() for path in REAL_FILES]
_REPLACEMENTS = st.one_of(
    st.integers(-(2**33), 2**33).map(str),
    st.sampled_from(["", "~", "true", "'x'", '"30091"', "[a, b]", "{a: 1}", "&a x", "*a", "|"]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=10).map(
        lambda t: t.replace("\n", " ")
    ),
    st.floats(allow_nan=False).map(lambda f: repr(f) if math.isfinite(f) else ".inf"),
)


@st.composite
def mutated_real_files(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(_REAL_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "indent", "value", "insert"]))
        if operation == "delete":
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "indent":
            stripped = lines[at].lstrip(" ")
            lines[at] = " " * draw(st.integers(0, 8)) + stripped
        elif operation == "value":
            key, colon, _ = lines[at].partition(":")
            if colon:
                lines[at] = f"{key}: {draw(_REPLACEMENTS)}"
        else:
            noise = draw(st.text(min_size=1, max_size=5))
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + noise + lines[at][column:]
    return "\n".join(lines) + "\n"


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_real_files())
def test_mutated_real_files(text: str) -> None:
    # too_slow: each example parses a whole real cluster.yaml (up to ~300 lines), which is
    # slower than Hypothesis' generation-time heuristic expects; the budget is still small.
    assert_well_formed(text, validate_text(text))
