"""Pre-flight and the deploy preview against a KubeFATE service (the Go double, over HTTP):
namespace and chart from its lists, everything else unknown, and no dry run."""

from __future__ import annotations

import pytest

from backend.errors import Unavailable
from backend.models import ClusterArgs
from backend.models.preflight import PreflightCheck, PreflightStatus
from backend.remote import RemoteBackend
from tests.remote.kubefate_double import KubefateDouble, make_chart_archive

DOCUMENT = """\
name: fate-9999
namespace: {namespace}
chartName: fate
chartVersion: v2.0.0
partyId: 9999
modules: [osx, clustermanager, nodemanager, mysql, python, fateboard, client]
imagePullSecrets:
  - name: regcred
osx:
  type: NodePort
  nodePort: 30091
"""


def _args(namespace: str = "fate-9999") -> ClusterArgs:
    text = DOCUMENT.format(namespace=namespace)
    return ClusterArgs("fate-9999", namespace, "fate", "v2.0.0", data=text.encode())


async def test_namespace_and_chart_are_told_the_rest_cannot_be(client: RemoteBackend) -> None:
    assert not client.describe().capabilities.preflight_sees_cluster
    await client.upload_chart(make_chart_archive("fate", "v2.0.0"))
    checks = await client.preflight(_args())
    assert checks == [
        PreflightCheck.passed("namespace fate-9999", "exists"),
        PreflightCheck.passed("chart fate v2.0.0", "uploaded to the KubeFATE service"),
        PreflightCheck.unknown("NodePort 30091", "the KubeFATE service cannot tell"),
        PreflightCheck.unknown("pull secret regcred", "the KubeFATE service cannot tell"),
    ]


async def test_a_missing_namespace_fails_and_a_chart_not_uploaded_is_unknown(
    client: RemoteBackend,
) -> None:
    namespace, chart, *_ = await client.preflight(_args("fate-10000"))
    assert namespace.status is PreflightStatus.FAIL
    assert "kubectl create namespace fate-10000" in namespace.reason
    assert chart.status is PreflightStatus.UNKNOWN
    assert "upload it (Charts, u)" in chart.reason


async def test_a_service_that_may_not_list_namespaces_leaves_it_unknown(
    double: KubefateDouble, client: RemoteBackend
) -> None:
    double.namespaces_forbidden = True
    namespace = (await client.preflight(_args()))[0]
    assert namespace.status is PreflightStatus.UNKNOWN
    assert 'privilege to list resource "namespaces"' in namespace.reason


async def test_there_is_no_deploy_preview(client: RemoteBackend) -> None:
    assert not client.describe().capabilities.deploy_preview
    with pytest.raises(Unavailable, match="no dry run"):
        await client.preview(_args())
