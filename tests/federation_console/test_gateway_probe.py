"""The gateway probe from where the console runs: a port that listens is reached (with the time
taken), one that does not is refused, in plain words, in the probe column of the party."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.federation.gateway_probe import plain_reason, probe_gateway
from backend.kube import KubeSettings
from kubefate_tui.app import KubefateApp
from tests.console.conftest import QUICK, fixed_clock, seed_cluster
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .conftest import line_with, settle
from .federation_folder import Party, write_federation

UNUSED_PORT = 47650
"""A gateway port for a test that never probes it."""


@dataclass(frozen=True)
class Ports:
    """Two loopback ports held for the test: one listening, one bound but not listening (so
    a connect is refused, and no other process can take it meanwhile)."""

    listening: int
    closed: int


@pytest.fixture
def ports() -> Iterator[Ports]:
    # Ports the system picks: a fixed one may be any connection's ephemeral port just then.
    with socket.socket() as listening, socket.socket() as closed:
        for sock in (listening, closed):
            sock.bind(("127.0.0.1", 0))
        listening.listen()
        yield Ports(listening.getsockname()[1], closed.getsockname()[1])


def gateway_service(namespace: str, cluster: str, node_port: int) -> dict[str, object]:
    """The OSX Service the chart makes: port 9370 on a NodePort (what Info's port reads)."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "osx", "namespace": namespace, "labels": {"name": cluster}},
        "spec": {"type": "NodePort", "ports": [{"port": 9370, "nodePort": node_port}]},
    }


async def test_probe_of_a_listening_and_a_closed_port(ports: Ports) -> None:
    reached = await probe_gateway("127.0.0.1", ports.listening, timeout=2)
    refused = await probe_gateway("127.0.0.1", ports.closed, timeout=2)
    assert reached.reached and reached.seconds < 2
    assert (refused.reached, refused.error) == (False, "refused")
    assert plain_reason(TimeoutError()) == "timed out"
    assert plain_reason(socket.gaierror(-2, "Name or service not known")) == "name not known"
    assert plain_reason(OSError(113, "No route to host")) == "no route"


async def test_probe_key_shows_each_partys_gateway_reached_or_refused(
    ports: Ports, kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    # ExternalIP first: Info names the address other parties (and this console) reach.
    kube_emulator.controller.add_node("node-1", internal_ip="10.0.0.9", external_ip="127.0.0.1")
    for party, port in ((9999, ports.listening), (10000, ports.closed)):
        kube_emulator.controller.create_namespace(f"fate-{party}")
        kube_emulator.controller.put(gateway_service(f"fate-{party}", f"fate-{party}", port))
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    options = offline_options(tmp_path / "kubefate.db", kube=KubeSettings(kubeconfig=kubeconfig))
    backend = EmbeddedBackend(options)
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK, federation_folder=folder)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await seed_cluster(backend, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "fate-9999")
        await seed_cluster(backend, "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "fate-10000")
        await pilot.press("r")
        lines = await settle(pilot, lambda: f"127.0.0.1:{ports.closed}" in "".join(_drawn(app)))
        assert line_with(lines, "party 9999", f"127.0.0.1:{ports.listening}")
        await pilot.press("p")
        lines = await settle(pilot, lambda: "refused after" in "".join(_drawn(app)))
        reached = line_with(lines, "party 9999", f"127.0.0.1:{ports.listening}")
        assert "reached in " in reached and " ms" in reached
        assert "refused after " in line_with(lines, "party 10000", f"127.0.0.1:{ports.closed}")


def _drawn(app: KubefateApp) -> list[str]:
    from tests.console.conftest import screen_lines

    return screen_lines(app)


async def test_nodes_that_cannot_be_listed_leave_the_gateway_unknown(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    # Info's ip then holds KubeFATE's error text: no address to show, nothing to probe.
    kube_emulator.controller.deny("list", "nodes")
    kube_emulator.controller.create_namespace("fate-9999")
    kube_emulator.controller.put(gateway_service("fate-9999", "fate-9999", UNUSED_PORT))
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    options = offline_options(tmp_path / "kubefate.db", kube=KubeSettings(kubeconfig=kubeconfig))
    backend = EmbeddedBackend(options)
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK, federation_folder=folder)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await seed_cluster(backend, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "fate-9999")
        await pilot.press("r")
        # Unavailable: no workload of it is ready (there are none in this test).
        lines = await settle(pilot, lambda: "Unavailable" in "".join(_drawn(app)))
        party = line_with(lines, "party 9999", "Unavailable")
        assert "—" in party and "Get node ip failed" not in "".join(lines)
        await pilot.press("p")
        await pilot.pause()
        assert "reached" not in "".join(_drawn(app)) and "refused" not in "".join(_drawn(app))
