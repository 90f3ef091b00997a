"""The Federations mode as a user sees it: parties side by side, the routes between them with
mismatches marked, and `:federation DIR`."""

from __future__ import annotations

from pathlib import Path

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from tests.console.conftest import QUICK, fixed_clock, wait_until
from tests.offline_backend import offline_options

from .conftest import line_with, settle
from .federation_folder import Party, write_federation


async def test_a_route_to_the_wrong_port_is_marked_with_why(tmp_path: Path) -> None:
    folder = write_federation(
        tmp_path / "fed",
        [Party(9999, 30091, routes={10000: 30111}), Party(10000, 30101)],
    )
    backend = EmbeddedBackend(offline_options(tmp_path / "kubefate.db"))
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK, federation_folder=folder)
    async with app.run_test(size=(180, 40)) as pilot:
        lines = await settle(pilot)
        assert line_with(lines, "Federation fed-test", "1 mismatch")
        assert line_with(lines, "party 9999", "9999", "fate-9999 ", "current", "not deployed")
        wrong = line_with(lines, "party 9999", "party 10000", "192.168.10.1:30111 (osx.partyList)")
        assert "✗ osx.partyList[0].partyPort is port 30111, party 10000 listens on 30101" in wrong
        assert "(party-10000/cluster.yaml)" in wrong
        right = line_with(lines, "party 10000", "party 9999", "192.168.10.1:30091")
        assert right.rstrip().endswith("ok")


async def test_the_command_line_opens_a_federation_and_says_what_is_wrong(tmp_path: Path) -> None:
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "federation.yaml").write_text("name: x\nparties: []\n", "utf-8")
    backend = EmbeddedBackend(offline_options(tmp_path / "kubefate.db"))
    app = KubefateApp(backend, clock=fixed_clock, pacing=QUICK)
    async with app.run_test(size=(180, 40)) as pilot:
        await pilot.press("colon", *"federations", "enter")
        await wait_until(pilot, lambda: "No federation open" in "\n".join(_lines(app)), "hint")
        await pilot.press("colon", *f"federation {tmp_path / 'broken'}", "enter")
        await wait_until(
            pilot, lambda: "must list at least one party" in "\n".join(_lines(app)), "error"
        )
        assert line_with(_lines(app), "cannot open", "broken/federation.yaml:2: parties: must list")
        await pilot.press("colon", *f"federation {folder}", "enter")
        lines = await settle(pilot, lambda: "fed-test" in "\n".join(_lines(app)))
        assert line_with(lines, "party 10000", "party 9999", "ok")
        assert "mismatch" not in line_with(lines, "Federation fed-test")


def _lines(app: KubefateApp) -> list[str]:
    from tests.console.conftest import screen_lines

    return screen_lines(app)


async def test_a_read_only_console_does_not_deploy_or_update(tmp_path: Path) -> None:
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    backend = EmbeddedBackend(offline_options(tmp_path / "kubefate.db", read_only=True))
    app = KubefateApp(backend, pacing=QUICK, federation_folder=folder)
    async with app.run_test(size=(180, 40)) as pilot:
        lines = await settle(pilot)
        footer = lines[-1]
        assert "p Probe gateways" in footer and "Deploy" not in footer
        assert "Update" not in footer
        await pilot.press("d")
        await pilot.pause()
        assert "Deploy" not in "".join(_lines(app))  # no dialog, nothing installed
        await pilot.press("u")
        await pilot.pause()
        assert "Update" not in "".join(_lines(app))  # no picker
        assert line_with(_lines(app), "party 9999", "not deployed")
