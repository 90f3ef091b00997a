"""What an install or update names, checked before anything else happens (KubeFATE checks
nothing; docs/kubefate-compatibility.md §1).

The name is a Helm release name and the namespace a Kubernetes namespace name: whatever breaks
their rules would fail in Helm or Kubernetes later, after a job, a row and log lines carrying
the bad text (a newline, a NUL) exist. The chart's name and version are looked up by exact
text and printed in job states: a few dozen plain characters, not 5,000 digits. Empty fields
are left to the engine, which answers them in KubeFATE's words.
"""

from __future__ import annotations

import re

from backend.errors import InvalidRequest
from backend.models import ClusterArgs
from backend.schema.rules_keys import NAMESPACE_NAME, RELEASE_NAME
from backend.schema.yamlpos import describe

CHART_TEXT_LIMIT = 64
_CHART_TEXT = re.compile(r"[A-Za-z0-9._+-]+")


def _chart_text_problem(label: str, what: str, value: str) -> str | None:
    if not value or (len(value) <= CHART_TEXT_LIMIT and _CHART_TEXT.fullmatch(value)):
        return None
    return (
        f"{label} {describe(value)} ({len(value)} characters) is not a chart {what}: use "
        f"letters, digits, '.', '-', '+' and '_', at most {CHART_TEXT_LIMIT} characters "
        "(e.g. fate v2.0.0)"
    )


def check_cluster_identity(args: ClusterArgs) -> None:
    """InvalidRequest (400) naming the field and the rule it breaks."""
    problems = (
        RELEASE_NAME.problem("name", args.name) if args.name else None,
        NAMESPACE_NAME.problem("namespace", args.namespace) if args.namespace else None,
        _chart_text_problem("chartName", "name", args.chart_name),
        _chart_text_problem("chartVersion", "version", args.chart_version),
    )
    for problem in problems:
        if problem is not None:
            raise InvalidRequest(problem)
