"""charts/kubefate-tui: `kubefate-tui serve` in the cluster, as KubeFATE's rbac-config.yaml and
kubefate.yaml deploy KubeFATE's service. Linted by Helm, rendered to objects the Kubernetes
schema accepts, installed into the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python
import pytest

from backend.helm import ChartRenderError, HelmEngine, KubeTarget
from backend.kube import paths as kube_paths
from tests.charts.manifest_schema import manifest_objects, schema_problems
from tests.conftest import REPO_ROOT
from tests.kube_emulator.server import KubeEmulator

CHART = REPO_ROOT / "charts" / "kubefate-tui"
RELEASE, NAMESPACE = "kubefate", "kube-fate"
_ERROR = 3  # helm_python's lint severity of an error
_OWN_TLS = {"tls": {"secretName": "kubefate-cert"}, "ingress": {"enabled": False}}
_BEHIND_PROXY = {"behindTLSProxy": True, "ingress": {"enabled": False}}


async def _render(helm: HelmEngine, values: dict[str, Any]) -> list[dict[str, Any]]:
    archive = await helm.package(CHART)
    rendered = await helm.render(archive, values, RELEASE, NAMESPACE)
    return manifest_objects({path: text for path, text in rendered.items() if "NOTES" not in path})


def _by_kind(objects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        found.setdefault(obj["kind"], []).append(obj)
    return found


def _env(statefulset: dict[str, Any]) -> dict[str, Any]:
    container = statefulset["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def _grants(role: dict[str, Any], group: str, resource: str, verb: str) -> bool:
    return any(
        group in rule["apiGroups"] and resource in rule["resources"] and verb in rule["verbs"]
        for rule in role["rules"]
    )


@pytest.mark.parametrize("values", [{}, _OWN_TLS, _BEHIND_PROXY, {"rbac": {"istio": True}}])
def test_helm_lint_reports_no_errors(values: dict[str, Any]) -> None:
    report = helm_python.lint(CHART, values, namespace=NAMESPACE)

    assert [m for m in report["messages"] if m["severity"] >= _ERROR] == []
    assert report["errors"] == []


@pytest.mark.parametrize("values", [{}, _OWN_TLS, _BEHIND_PROXY, {"rbac": {"istio": True}}])
async def test_renders_schema_valid_objects(helm: HelmEngine, values: dict[str, Any]) -> None:
    objects = await _render(helm, values)

    assert schema_problems(objects) == []
    kinds = _by_kind(objects)
    assert sorted(kinds) == sorted(
        ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Secret", "StatefulSet", "Service"]
        + ([] if values.get("ingress", {}).get("enabled") is False else ["Ingress"])
    )


async def test_the_default_release_sits_behind_the_ingress_tls(helm: HelmEngine) -> None:
    kinds = _by_kind(await _render(helm, {}))

    (statefulset,) = kinds["StatefulSet"]
    assert statefulset["spec"]["replicas"] == 1
    (claim,) = statefulset["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "1Gi"
    env = _env(statefulset)
    assert env["FATECLOUD_SERVER_ADDRESS"] == "0.0.0.0"
    assert env["FATECLOUD_SERVER_BEHINDTLSPROXY"] == "true"
    assert env["FATECLOUD_DB_FILE"] == "/data/kubefate.db"
    assert env["FATECLOUD_USER_PASSWORD"] == {
        "secretKeyRef": {"name": "kubefate-admin", "key": "kubefatePassword"}
    }
    pod = statefulset["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    container = pod["containers"][0]
    assert container["args"] == ["serve"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/", probe
    secrets = {s["metadata"]["name"]: s["stringData"] for s in kinds["Secret"]}
    assert secrets["kubefate-admin"]["kubefateUsername"] == "admin"
    assert len(secrets["kubefate-admin"]["kubefatePassword"]) == 24  # random, never "admin"
    assert len(secrets["kubefate-signing-key"]["signing-key"]) == 48
    (ingress,) = kinds["Ingress"]
    assert ingress["spec"]["tls"] == [
        {"hosts": ["kubefate.example.com"], "secretName": "kubefate-tui-tls"}
    ]
    assert ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"] == {
        "name": "kubefate",
        "port": {"name": "http"},
    }


async def test_serving_tls_itself_probes_over_https(helm: HelmEngine) -> None:
    (statefulset,) = _by_kind(await _render(helm, _OWN_TLS))["StatefulSet"]

    env = _env(statefulset)
    assert env["FATECLOUD_SERVER_BEHINDTLSPROXY"] == "false"
    assert env["FATECLOUD_SERVER_TLSCERT"] == "/etc/kubefate-tui/tls/tls.crt"
    container = statefulset["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["scheme"] == "HTTPS"


async def test_no_tls_anywhere_is_refused_with_the_remedy(helm: HelmEngine) -> None:
    with pytest.raises(ChartRenderError, match="no TLS anywhere") as caught:
        await _render(helm, {"ingress": {"enabled": False}})

    assert "behindTLSProxy=true" in str(caught.value)


async def test_existing_secrets_are_used_and_not_made(helm: HelmEngine) -> None:
    values = {
        "admin": {"existingSecret": "kubefate-secret"},  # KubeFATE's own Secret
        "signingKey": {"existingSecret": "team-signing-key"},
    }
    kinds = _by_kind(await _render(helm, values))

    assert "Secret" not in kinds
    (statefulset,) = kinds["StatefulSet"]
    assert _env(statefulset)["FATECLOUD_USER_USERNAME"]["secretKeyRef"]["name"] == "kubefate-secret"
    volumes = {v["name"]: v for v in statefulset["spec"]["template"]["spec"]["volumes"]}
    assert volumes["signing-key"]["secret"]["secretName"] == "team-signing-key"


async def test_the_role_grants_what_the_engine_uses_and_no_more(helm: HelmEngine) -> None:
    (role,) = _by_kind(await _render(helm, {}))["ClusterRole"]

    # Every resource backend/kube reads, and what it does beyond reading.
    for resource in (
        kube_paths.NAMESPACES,
        kube_paths.NODES,
        kube_paths.PODS,
        kube_paths.SERVICES,
        kube_paths.EVENTS,
        kube_paths.PVCS,
        kube_paths.DEPLOYMENTS,
        kube_paths.STATEFULSETS,
        kube_paths.INGRESSES,
    ):
        group = resource.group_version.rpartition("/")[0]
        assert _grants(role, group, resource.plural, "list"), resource.plural
    assert _grants(role, "", "namespaces", "create")
    assert _grants(role, "", "pods/log", "get")
    assert _grants(role, "apps", "deployments", "watch")
    # Helm: the kinds of the charts, and Secrets for its release records.
    for group, plural in (("", "secrets"), ("", "configmaps"), ("apps", "statefulsets")):
        for verb in ("get", "create", "patch", "delete"):
            assert _grants(role, group, plural, verb), f"{plural} {verb}"
    # No more: nothing the engine does not do.
    assert not _grants(role, "", "namespaces", "delete")
    assert not _grants(role, "", "pods", "delete")
    assert not _grants(role, "", "nodes", "patch")
    assert not _grants(role, "batch", "jobs", "create")
    assert not _grants(role, "networking.istio.io", "gateways", "create")
    every = [item for rule in role["rules"] for key in rule for item in rule[key]]
    assert "*" not in every
    assert not {"escalate", "bind", "impersonate"} & set(every)


async def test_installs_into_the_cluster(
    helm: HelmEngine, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    kube = KubeTarget(kubeconfig, context="emulator", storage_driver="secret")

    info = await helm.install(await helm.package(CHART), {}, RELEASE, NAMESPACE, kube)

    assert (info.status, info.chart_name) == ("deployed", "kubefate-tui")
    get = kube_emulator.controller.get
    role = get("ClusterRole", "", f"{NAMESPACE}-{RELEASE}")
    binding = get("ClusterRoleBinding", "", f"{NAMESPACE}-{RELEASE}")
    assert role is not None and binding is not None
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": RELEASE, "namespace": NAMESPACE}
    ]
    assert get("ServiceAccount", NAMESPACE, RELEASE) is not None
    statefulset = get("StatefulSet", NAMESPACE, RELEASE)
    assert statefulset is not None
    assert statefulset["spec"]["template"]["spec"]["serviceAccountName"] == RELEASE
    service = get("Service", NAMESPACE, RELEASE)
    assert service is not None and service["spec"]["ports"][0]["port"] == 8080
    assert get("Secret", NAMESPACE, f"{RELEASE}-admin") is not None
    assert get("Ingress", NAMESPACE, RELEASE) is not None


async def test_an_upgrade_keeps_the_generated_secrets(
    helm: HelmEngine, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    kube_emulator.controller.create_namespace(NAMESPACE)
    kube = KubeTarget(kubeconfig, context="emulator", storage_driver="secret")
    archive = await helm.package(CHART)
    await helm.install(archive, {}, RELEASE, NAMESPACE, kube)
    before = kube_emulator.controller.get("Secret", NAMESPACE, f"{RELEASE}-admin")

    await helm.upgrade(archive, {"settings": {"logLevel": "debug"}}, RELEASE, NAMESPACE, kube)

    after = kube_emulator.controller.get("Secret", NAMESPACE, f"{RELEASE}-admin")
    assert before is not None and after is not None
    assert after["data"]["kubefatePassword"] == before["data"]["kubefatePassword"]


async def test_the_signing_key_reaches_serve_as_a_private_writable_file(
    helm: HelmEngine, tmp_path: Path
) -> None:
    from backend.auth.secret_file import load_or_create_secret

    (statefulset,) = _by_kind(await _render(helm, {}))["StatefulSet"]
    pod = statefulset["spec"]["template"]["spec"]
    key_file = Path(_env(statefulset)["FATECLOUD_AUTH_SECRETFILE"])
    (init,) = pod["initContainers"]
    mounts = {m["name"]: m for m in pod["containers"][0]["volumeMounts"]}
    run = next(m for m in mounts.values() if Path(m["mountPath"]) == key_file.parent)
    assert not run.get("readOnly")  # serve creates a temporary file beside the key
    assert f"> {key_file}" in init["command"][-1] and "umask 077" in init["command"][-1]
    # What serve then does with such a file: reads it as it is.
    folder = tmp_path / "run"
    folder.mkdir()
    copied = folder / key_file.name
    copied.write_bytes(b"k" * 48)
    copied.chmod(0o600)
    assert load_or_create_secret(copied) == b"k" * 48
