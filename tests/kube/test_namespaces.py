"""Namespaces: KubeFATE's list with phase and age, creation on request, degraded under 403."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.errors import Conflict, InvalidRequest, PermissionDenied
from backend.kube import KubeConnection, create_namespace, list_namespaces
from backend.kube.namespaces import get_namespace
from tests.kube_emulator import KubeEmulator


async def test_list_has_phase_age_and_labels(
    kube_emulator: KubeEmulator, conn: KubeConnection
) -> None:
    control = kube_emulator.controller
    control.create_namespace("fate-9999", labels={"team": "fl"})
    now = datetime.now(UTC)
    control.set_created("Namespace", "", "fate-9999", now - timedelta(days=3, hours=4))
    listing = await list_namespaces(conn, now=now)
    assert listing.degraded is None
    by_name = {n.name: n for n in listing.namespaces}
    assert [n.name for n in listing.namespaces] == sorted(by_name)
    fate = by_name["fate-9999"]
    assert (fate.status, fate.age) == ("Active", "3d4h")
    assert fate.labels == {"team": "fl", "kubernetes.io/metadata.name": "fate-9999"}
    assert fate.annotations is None
    assert fate.to_wire()["Age"] == "3d4h"


async def test_forbidden_list_is_degraded_not_an_exception(
    kube_emulator: KubeEmulator, conn: KubeConnection
) -> None:
    kube_emulator.controller.deny("list", "namespaces", user="tester")
    listing = await list_namespaces(conn)
    assert listing.namespaces == []
    assert listing.degraded == (
        "Get namespaces failed. Please check if user has the privilege to list resource "
        '"namespaces" at the cluster scope: namespaces is forbidden: User "tester" cannot list '
        'resource "namespaces" in API group "" at the cluster scope'
    )


async def test_create_namespace_on_request(
    kube_emulator: KubeEmulator, conn: KubeConnection
) -> None:
    created = await create_namespace(conn, "fate-10000", labels={"owner": "kubefate-tui"})
    assert (created.name, created.status) == ("fate-10000", "Active")
    assert kube_emulator.controller.get("Namespace", "", "fate-10000") is not None
    with pytest.raises(Conflict, match='namespace "fate-10000" already exists'):
        await create_namespace(conn, "fate-10000")
    again = await create_namespace(conn, "fate-10000", exist_ok=True)
    assert again.name == "fate-10000"
    assert await get_namespace(conn, "nope") is None


async def test_invalid_name_is_refused_before_asking(
    kube_emulator: KubeEmulator, conn: KubeConnection
) -> None:
    before = len(kube_emulator.requests)
    with pytest.raises(InvalidRequest, match='namespace "Fate_1" is not a valid name'):
        await create_namespace(conn, "Fate_1")
    assert len(kube_emulator.requests) == before


async def test_forbidden_create_is_permission_denied(
    kube_emulator: KubeEmulator, conn: KubeConnection
) -> None:
    kube_emulator.controller.deny("create", "namespaces")
    with pytest.raises(PermissionDenied, match='cannot create resource "namespaces"'):
        await create_namespace(conn, "fate-1")
