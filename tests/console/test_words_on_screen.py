"""What the console says, as drawn: the `?` title, and a header that keeps its state whole."""

from __future__ import annotations

from pathlib import Path

from backend.embedded import EmbeddedBackend
from backend.remote import RemoteBackend, RemoteSettings
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.help_screen import HelpScreen
from tests.offline_backend import offline_options

from .conftest import fixed_clock, screen_lines, settle, wait_until
from .served_api import PASSWORD, Served


def help_title(app: KubefateApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return str(screen.query_one("#help").border_title)


async def test_the_help_title_names_the_focus_in_words(db_path: Path) -> None:
    app = KubefateApp(EmbeddedBackend(offline_options(db_path)), clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert help_title(app) == "Keys · Clusters · in the list"
        assert "Keys · Clusters · in the list" in "\n".join(screen_lines(app))
        assert "VirtualTable" not in "\n".join(screen_lines(app))


async def test_at_80_columns_the_header_keeps_why_nothing_can_be_deployed(db_path: Path) -> None:
    app = KubefateApp(EmbeddedBackend(offline_options(db_path)), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, "clusters")
        header = " ".join(line.strip() for line in screen_lines(app)[:3])
        assert "ready · no cluster: kubeconfig" in header
        assert "not found" in header  # the whole state, wrapped if it must be
        assert screen_lines(app)[0].startswith(" kubefate-tui")  # the description, cut


async def test_at_80_columns_a_refused_login_is_read_from_its_start(served: Served) -> None:
    settings = RemoteSettings(url=served.service.url, username="admin", password="wrong")
    app = KubefateApp(RemoteBackend(settings), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "failed" in screen_lines(app)[0], "the failure")
        await pilot.pause()
        header = " ".join(line.strip() for line in screen_lines(app)[:6])
        assert f"failed: the KubeFATE service at {served.service.url} refused user 'admin'" in (
            header
        )
        assert PASSWORD not in header
