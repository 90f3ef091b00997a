"""`d` in the Federations mode deploys every party through the embedded backend into the
Kubernetes emulator (two namespaces, the bundled chart), a line per party following its job."""

from __future__ import annotations

from pathlib import Path

from tests.console.conftest import screen_lines, wait_until
from tests.kube_emulator import KubeEmulator

from .conftest import deploy, emulated_console, line_with, settle, shown_screen, two_parties
from .federation_folder import write_planned


async def test_deploy_installs_both_parties_with_a_line_each(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = two_parties(kube_emulator, tmp_path / "fed")
    app = emulated_console(tmp_path, kubeconfig, folder)
    async with app.run_test(size=(200, 40)) as pilot:
        lines = await settle(pilot)
        assert line_with(lines, "party 10000", "not deployed")
        await deploy(pilot)

        def drawn() -> str:
            return "\n".join(screen_lines(app))

        # Nothing becomes ready until the test says so: both jobs are seen under way first.
        await wait_until(pilot, lambda: drawn().count("Running · 0/7 modules") == 2, "progress")
        lines = screen_lines(app)
        assert line_with(lines, "party 9999: install job", "Running · 0/7 modules")
        assert line_with(lines, "party 10000: install job", "Running · 0/7 modules")

        kube_emulator.controller.auto_ready(delay_ms=50)
        await wait_until(pilot, lambda: drawn().count(" Success") == 2, "both jobs to succeed")
        lines = await settle(pilot, lambda: drawn().count("Running") >= 2)
        assert line_with(lines, "party 9999: install job", "Success")
        assert line_with(lines, "party 10000: install job", "Success")
        assert line_with(lines, "party 9999", "fate-9999 ", "Running")
        assert line_with(lines, "party 10000", "fate-10000 ", "Running")
        assert set(shown_screen(app).member_lines) == {"party 9999", "party 10000"}
    for namespace in ("fate-9999", "fate-10000"):
        assert kube_emulator.controller.get("StatefulSet", namespace, "python") is not None


NODE_IP = "192.168.49.2"
"""The emulator's node address (what Info says), written in every route."""


async def test_deploy_installs_the_exchange_first_then_the_parties(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    for namespace in ("fate-exchange", "fate-9999", "fate-10000"):
        kube_emulator.controller.create_namespace(namespace)
    folder = write_planned(tmp_path / "fed", [9999, 10000], exchange=True, host=NODE_IP)
    app = emulated_console(tmp_path, kubeconfig, folder)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        asked = "\n".join(await deploy(pilot))
        first = asked.index("exchange: fate-exchange/fate-exchange from exchange/cluster.yaml")
        second = asked.index("party 9999: fate-9999/fate-9999 from party-9999/cluster.yaml")
        assert first < second < asked.index("party 10000: fate-10000/fate-10000")
        assert "party-10000/cluster.yaml (current" in asked  # on the console's own backend

        def drawn() -> str:
            return "\n".join(screen_lines(app))

        await wait_until(pilot, lambda: "exchange: install job" in drawn(), "the exchange's job")
        lines = screen_lines(app)
        assert line_with(lines, "party 9999: waiting")
        assert line_with(lines, "party 10000: waiting")

        kube_emulator.controller.auto_ready(delay_ms=50)
        await wait_until(pilot, lambda: drawn().count(" Success") == 3, "all three jobs")
        lines = await settle(pilot, lambda: drawn().count("Running") >= 3)
        for member in ("exchange", "party 9999", "party 10000"):
            assert line_with(lines, f"{member}: install job", "Success")
        assert line_with(lines, "exchange", "fate-exchange ", f"{NODE_IP}:30001")
        assert line_with(lines, "party 9999", "fate-9999 ", "Running", f"{NODE_IP}:30091")
        # Every route agrees with the live gateways: the parties reach each other through the
        # exchange, the exchange reaches each party at its own gateway.
        assert "mismatch" not in line_with(lines, "Federation fed")
        assert line_with(
            lines, "party 9999", "party 10000", f"{NODE_IP}:30001 (osx.exchange)", "ok"
        )
        assert line_with(lines, "exchange", "party 10000", f"{NODE_IP}:30101", "ok")
