"""A console opening a brand-new database with no admin password configured: the admin gets a
random password; a toast says where its file is (never the password, which the screen must
not show), and after the console exits the terminal is told (here: not a terminal, so only
where the file is)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message

from kubefate_tui.app import KubefateApp
from kubefate_tui.subcommands.console_command import say_generated_password

from .action_support import embedded, toasts, wait_for_toast
from .conftest import settle


async def test_the_console_points_at_the_generated_password_without_showing_it(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messages: list[Message] = []
    backend = embedded(db_path, admin_password=None)  # FATECLOUD_USER_PASSWORD unset
    app = KubefateApp(backend)
    password_file = db_path.with_name(db_path.name + ".admin-password")
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        toast = await wait_for_toast(pilot, messages, "generated password")
        password = password_file.read_text().strip()
        assert str(password_file) in toast and password not in toast
    say_generated_password(backend)
    err = capsys.readouterr().err
    assert str(password_file) in err and password not in err


async def test_a_configured_password_brings_no_toast(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)  # admin/admin, as KubeFATE's manifests configure it
    app = KubefateApp(backend)
    async with app.run_test(
        size=(140, 40), notifications=True, message_hook=messages.append
    ) as pilot:
        await settle(pilot, "clusters")
        assert await backend.notices() == []
        await pilot.pause(0.1)
    assert not any("generated password" in text for text in toasts(messages))
