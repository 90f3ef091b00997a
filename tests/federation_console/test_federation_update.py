"""`u` in the Federations mode: one party's cluster.yaml changed (its gateway moved), updated
on its backend, and the route in the other party's file rewritten and updated too, each job
followed on its line, against the Kubernetes emulator."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, OptionList

from backend.federation.routes import routes_of
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.choice_dialog import ChoiceDialog
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog
from tests.console.conftest import screen_lines, wait_until
from tests.console.served_api import PASSWORD, serving
from tests.kube_emulator import KubeEmulator

from .conftest import (
    Profiles,
    deploy,
    emulated_console,
    emulated_options,
    line_with,
    settle,
    two_parties,
)
from .federation_folder import HOST, Party, write_federation

NODE_IP = "192.168.49.2"
"""The emulator's node address: what Info says each gateway is at."""


def drawn(app: KubefateApp) -> str:
    return "\n".join(screen_lines(app))


async def pick(pilot: Pilot[None], app: KubefateApp, member: str, *shown: str) -> list[str]:
    """`u`, then `member` in the picker (which shows `shown` on its line); the lines of the
    confirm dialog that follows."""
    await pilot.press("u")
    await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the member picker")
    drawn = screen_lines(app)
    assert line_with(drawn, f"{member} · ", *shown)
    assert line_with(drawn, "enter picks · esc cancels")  # on the frame, never cut off
    choices = app.screen.query_one("#choice-list", OptionList)
    for _ in range(choices.option_count + 1):
        highlighted = choices.highlighted_option
        if highlighted is not None and str(highlighted.prompt).startswith(f"{member} · "):
            break
        await pilot.press("down")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the update dialog")
    await pilot.pause()
    return screen_lines(app)


async def deployed(pilot: Pilot[None], app: KubefateApp) -> None:
    """Deploy both parties (`d`) and wait until the table shows them running."""
    await settle(pilot)
    await deploy(pilot)
    await wait_until(pilot, lambda: drawn(app).count(" Success") == 2, "the deploy")
    await settle(pilot, lambda: drawn(app).count("Running") >= 2)


def move_gateway(folder: Path, party: int, old: int, new: int) -> None:
    """Change party `party`'s OSX NodePort in its cluster.yaml."""
    file = folder / f"party-{party}" / "cluster.yaml"
    file.write_text(file.read_text("utf-8").replace(f"nodePort: {old}", f"nodePort: {new}"))


async def test_updating_a_moved_party_rewrites_and_updates_the_party_routing_to_it(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = two_parties(kube_emulator, tmp_path / "fed")
    app = emulated_console(tmp_path, kubeconfig, folder)
    kube_emulator.controller.auto_ready(delay_ms=20)
    async with app.run_test(size=(200, 50)) as pilot:
        await deployed(pilot, app)
        move_gateway(folder, 10000, 30101, 30222)  # the operator's edit of that party's file
        router = folder / "party-9999" / "cluster.yaml"
        kept = [line for line in router.read_text("utf-8").splitlines() if "#" in line]

        asked = await pick(pilot, app, "party 10000", "fate-10000 · Running")
        assert line_with(asked, "party 10000: update fate-10000/fate-10000 from party-10000/")
        assert line_with(asked, "party 9999: rewrite party-9999/cluster.yaml")
        assert line_with(asked, "osx.partyList[0].partyPort 30101 → 30222")
        assert line_with(asked, f"osx.partyList[0].partyIp {HOST} → {NODE_IP}")
        await pilot.click(app.screen.query_one("#confirm", Button))

        await wait_until(pilot, lambda: drawn(app).count("update job") == 2, "both updates")
        await wait_until(pilot, lambda: drawn(app).count(" Success") == 2, "both to succeed")
        lines = await settle(pilot, lambda: ":30222" in drawn(app))
        assert line_with(lines, "Update party 10000")
        assert line_with(lines, "party 10000: update job", "Success")
        assert line_with(lines, "party 9999: file rewritten (2 keys) · update job", "Success")
        assert line_with(lines, "party 10000", "fate-10000 ", f"{NODE_IP}:30222")
        assert line_with(lines, "party 9999", "party 10000", f"{NODE_IP}:30222", "ok")
        # Only the route the other way is still wrong: party 10000 was not asked to change it.
        assert "1 mismatch" in line_with(lines, "Federation fed")
        assert line_with(lines, "party 10000", "party 9999", f"names host {HOST}")

    text = router.read_text("utf-8")
    assert [(r.host, r.port) for r in routes_of(text) if r.party_id == 10000] == [(NODE_IP, 30222)]
    assert [line for line in text.splitlines() if "#" in line] == kept
    service = kube_emulator.controller.get("Service", "fate-10000", "osx")
    assert service is not None
    assert [p.get("nodePort") for p in service["spec"]["ports"]] == [30222]


async def test_an_update_that_changes_no_route_says_so_and_touches_no_other_file(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    router = folder / "party-9999" / "cluster.yaml"
    before = router.stat().st_mtime_ns
    app = emulated_console(tmp_path, kubeconfig, folder)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        asked = await pick(pilot, app, "party 10000", "not deployed")
        assert line_with(asked, "every route to party 10000 already names where it listens")
        await pilot.click(app.screen.query_one("#confirm", Button))
        await wait_until(pilot, lambda: "not deployed: nothing to update" in drawn(app), "line")
    assert router.stat().st_mtime_ns == before


async def test_a_party_file_with_errors_is_refused_before_anything_changes(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    move_gateway(folder, 10000, 30101, 80)  # outside the NodePort range: an error
    router = folder / "party-9999" / "cluster.yaml"
    before = router.read_bytes()
    app = emulated_console(tmp_path, kubeconfig, folder)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the picker")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: "cannot update party 10000" in drawn(app), "the refusal")
        said = drawn(app)
        assert "1 error(s), first:" in said
        assert "party-10000/cluster.yaml:37:13: error: nodePort 80" in said
        assert not isinstance(app.screen, ConfirmDialog)
    assert router.read_bytes() == before


async def test_the_party_routing_to_it_on_a_served_backend_is_updated_through_that_service(
    kube_emulator: KubeEmulator, kubeconfig: Path, tmp_path: Path
) -> None:
    folder = two_parties(kube_emulator, tmp_path / "fed", Party(10000, 30101, profile="lab-b"))
    kube_emulator.controller.auto_ready(delay_ms=20)
    served_options = emulated_options(tmp_path / "served.db", kubeconfig, admin_password=PASSWORD)
    async with serving(served_options) as served:
        profiles = Profiles({"lab-b": served.remote})
        app = emulated_console(tmp_path, kubeconfig, folder, profiles)
        async with app.run_test(size=(200, 50)) as pilot:
            await deployed(pilot, app)
            move_gateway(folder, 9999, 30091, 30333)

            asked = await pick(pilot, app, "party 9999", "fate-9999 · Running")
            assert line_with(asked, "party 10000: rewrite party-10000/cluster.yaml")
            assert line_with(asked, "osx.partyList[0].partyPort 30091 → 30333")
            await pilot.click(app.screen.query_one("#confirm", Button))
            await wait_until(pilot, lambda: drawn(app).count(" Success") == 2, "both updates")
            lines = await settle(pilot, lambda: ":30333" in drawn(app))
            assert line_with(lines, "party 9999: update job", "Success")
            assert line_with(lines, "party 10000: file rewritten (2 keys) · update job", "Success")
            assert line_with(lines, "party 10000", "party 9999", f"{NODE_IP}:30333", "ok")
        # The update reached the served backend: its record of the cluster holds the new route.
        clusters = await served.embedded.list_clusters()
        assert [c.name for c in clusters] == ["fate-10000"]
        stored = await served.embedded.get_cluster(clusters[0].uuid)
        assert "partyPort: 30333" in stored.values
