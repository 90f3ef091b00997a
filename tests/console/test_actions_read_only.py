"""A console started with --read-only: no change action shows, and none runs another way."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from backend.embedded import EmbeddedBackend
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.dialog_screen import DialogScreen
from kubefate_tui.screens.users_screen import UsersScreen
from tests.offline_backend import offline_options

from .action_support import PickedCluster, PickedJob, embedded, show, toasts, wait_for_toast
from .conftest import seed_jobs, settle, wait_until


async def read_only_backend(db_path: Path) -> EmbeddedBackend:
    """A backend opened read-only on a database that exists (with its admin and jobs)."""
    writable = embedded(db_path)
    await writable.start()
    await seed_jobs(writable)
    await writable.close()
    return EmbeddedBackend(offline_options(db_path, read_only=True))


def shown_keys(app: KubefateApp) -> set[str]:
    """The ids of the bindings the current screen offers (what the footer shows)."""
    return {
        binding.id or binding.action
        for binding in (active.binding for active in app.screen.active_bindings.values())
    }


async def test_read_only_hides_every_change_key_and_ignores_it(db_path: Path) -> None:
    backend = await read_only_backend(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        for mode, screen_keys in (
            ("3", {"chart.upload", "chart.delete"}),
            ("4", {"namespace.create"}),
            ("5", {"user.create", "user.delete"}),
        ):
            await pilot.press(mode)
            await pilot.pause()
            assert not screen_keys & shown_keys(app), mode
        assert "screen.reload" in shown_keys(app)  # the rest is still there
        assert "chart.example" not in shown_keys(app)  # (a Charts key: not on Users)
        await show(pilot, PickedCluster(None))
        assert not {"cluster.install", "cluster.update", "cluster.delete"} & shown_keys(app)
        await pilot.press("i", "u", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, PickedCluster)  # no dialog opened
        app.pop_screen()
        await show(pilot, PickedJob(None))
        assert not {"job.stop", "job.delete"} & shown_keys(app)
        await pilot.pause()
        footer = [key.description for key in app.screen.query_one(Footer).query(FooterKey)]
        assert "Keys" in footer and "Stop" not in footer and "Delete" not in footer


async def test_charts_example_stays_in_a_read_only_console(db_path: Path) -> None:
    app = KubefateApp(await read_only_backend(db_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("3")
        await settle(pilot, "charts")
        assert "chart.example" in shown_keys(app)  # reading is not a change


async def test_a_change_from_the_palette_is_refused_with_a_toast(db_path: Path) -> None:
    messages: list[Message] = []
    app = KubefateApp(await read_only_backend(db_path))
    async with app.run_test(
        size=(160, 30), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        await pilot.press("5")
        await settle(pilot, "users")
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Create user")
        await pilot.pause(0.5)
        await pilot.press("enter")
        text = await wait_for_toast(pilot, messages, "read-only")
        assert text == "read-only console: create user disabled (started with --read-only)"
        await pilot.pause()
        assert not isinstance(app.screen, DialogScreen)
        assert len(toasts(messages)) == 1
