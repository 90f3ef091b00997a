"""Kubeconfig and context selection, in-cluster detection, clear errors."""

from __future__ import annotations

import socket
from pathlib import Path

import certifi
import pytest

from backend.errors import Unavailable
from backend.kube import (
    KubeConfigError,
    KubeSettings,
    connect,
    describe_context,
    list_contexts,
    resolve_target,
)
from backend.kube import connection as connection_module
from tests.kube_emulator import KubeEmulator


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def two_contexts(kube_emulator: KubeEmulator, tmp_path: Path) -> Path:
    return kube_emulator.write_kubeconfig(
        tmp_path / "config", namespace="fate-9999", extra_contexts={"dead": _closed_port_url()}
    )


def test_current_context_and_named_context(two_contexts: Path, kube_emulator: KubeEmulator) -> None:
    target = resolve_target(KubeSettings(kubeconfig=two_contexts))
    assert (target.context, target.server, target.namespace) == (
        "emulator",
        kube_emulator.url,
        "fate-9999",
    )
    dead = resolve_target(KubeSettings(kubeconfig=two_contexts, context="dead"))
    assert dead.context == "dead" and dead.server != kube_emulator.url
    assert describe_context(KubeSettings(kubeconfig=two_contexts)).name == "emulator"


def test_list_contexts_marks_the_chosen_one(two_contexts: Path) -> None:
    contexts = list_contexts(KubeSettings(kubeconfig=two_contexts, context="dead"))
    assert [(c.name, c.current) for c in contexts] == [("emulator", False), ("dead", True)]
    assert contexts[0].user == "tester" and contexts[0].namespace == "fate-9999"


def test_missing_context_names_the_file_and_the_choices(two_contexts: Path) -> None:
    with pytest.raises(KubeConfigError) as caught:
        resolve_target(KubeSettings(kubeconfig=two_contexts, context="prod"))
    assert str(caught.value) == (
        f'kubeconfig {two_contexts}: context "prod" not found; available: dead, emulator'
    )
    assert isinstance(caught.value, Unavailable)
    label = describe_context(KubeSettings(kubeconfig=two_contexts, context="prod"))
    assert label.name == "" and label.problem.startswith("no cluster: kubeconfig")


def test_missing_kubeconfig_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(KubeConfigError, match=f"kubeconfig {missing} not found"):
        resolve_target(KubeSettings(kubeconfig=missing))


def test_kubeconfig_env_merges_files_first_wins(
    kube_emulator: KubeEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = kube_emulator.write_kubeconfig(tmp_path / "a", context="one")
    second = kube_emulator.write_kubeconfig(tmp_path / "b", context="two")
    monkeypatch.setenv("KUBECONFIG", f"{first}:{second}")
    settings = KubeSettings()
    assert [c.name for c in list_contexts(settings)] == ["one", "two"]
    assert resolve_target(settings).context == "one"
    assert resolve_target(KubeSettings(context="two")).context == "two"


async def test_connect_uses_the_token_of_the_context(
    kube_emulator: KubeEmulator, two_contexts: Path
) -> None:
    conn = await connect(KubeSettings(kubeconfig=two_contexts, context="emulator"))
    try:
        assert await conn.server_version() == "v1.35.0"
    finally:
        await conn.close()
    assert kube_emulator.requests[-1].user == "tester"


async def test_unreachable_server_is_unavailable_with_its_url(two_contexts: Path) -> None:
    conn = await connect(KubeSettings(kubeconfig=two_contexts, context="dead"))
    try:
        with pytest.raises(Unavailable) as caught:
            await conn.server_version()
    finally:
        await conn.close()
    assert f"Kubernetes API {conn.target.server} is unreachable" in str(caught.value)


@pytest.fixture
def pod_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    account = tmp_path / "serviceaccount"
    account.mkdir()
    (account / "token").write_text("pod-token")
    (account / "namespace").write_text("kube-fate\n")
    (account / "ca.crt").write_text(Path(certifi.where()).read_text())
    monkeypatch.setattr(connection_module, "SERVICE_ACCOUNT_DIR", account)
    monkeypatch.setattr(connection_module, "DEFAULT_KUBECONFIG", tmp_path / "no-kubeconfig")
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    return account


async def test_in_cluster_is_detected_when_no_kubeconfig_exists(pod_environment: Path) -> None:
    target = resolve_target(KubeSettings())
    assert (target.context, target.server, target.namespace) == (
        "in-cluster",
        "https://10.96.0.1:443",
        "kube-fate",
    )
    conn = await connect(KubeSettings())
    await conn.close()
    assert conn.target == target


def test_in_cluster_can_be_refused_or_forced(
    pod_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(KubeConfigError, match="no-kubeconfig not found"):
        resolve_target(KubeSettings(in_cluster=False))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST")
    with pytest.raises(KubeConfigError, match="KUBERNETES_SERVICE_HOST"):
        resolve_target(KubeSettings(in_cluster=True))
