"""Fixtures of the Federations mode's tests: a factory of real backends by profile name, and
waits on the mode's screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from backend.interface import Backend
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.federations_screen import FederationsScreen
from kubefate_tui.state.backend_factory import ProfileUnknown
from tests.console.conftest import db_path, screen_lines, wait_until  # noqa: F401 - db_path: a fixture
from tests.console.served_api import served  # noqa: F401 - a fixture, registered by being here


class Profiles:
    """A `BackendFactory` over backends the test builds (real ones: embedded, or remote
    clients of a served API), by profile name."""

    def __init__(self, makers: dict[str, Callable[[], Backend]]) -> None:
        self.makers = makers
        self.opened: list[Backend] = []

    def profile_names(self) -> tuple[str, ...]:
        return tuple(self.makers)

    def open_profile(self, name: str) -> Backend:
        if name not in self.makers:
            raise ProfileUnknown(f"no profile {name!r}")
        backend = self.makers[name]()
        self.opened.append(backend)
        return backend


def shown_screen(app: KubefateApp) -> FederationsScreen:
    screen = app.screen
    assert isinstance(screen, FederationsScreen), type(screen).__name__
    return screen


async def settle(pilot: Pilot[None], what: Callable[[], bool] = lambda: True) -> list[str]:
    """Wait until the Federations mode has read its federation (and `what` holds); the lines
    on screen."""
    app = pilot.app
    assert isinstance(app, KubefateApp)

    def loaded() -> bool:
        screen = app.screen
        return (
            isinstance(screen, FederationsScreen)
            and screen.status is not None
            and not screen.is_loading
            and what()
        )

    await wait_until(pilot, loaded, "the Federations mode to load")
    await pilot.pause()
    return screen_lines(app)


def line_with(lines: list[str], *words: str) -> str:
    """The first line holding every one of `words`; fails listing the screen."""
    for line in lines:
        if all(word in line for word in words):
            return line
    raise AssertionError(f"no line with {words} on screen:\n" + "\n".join(lines))


async def deploy(pilot: Pilot[None]) -> list[str]:
    """`d`, then Deploy in the dialog that lists what will be installed; its lines."""
    from textual.widgets import Button

    from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog

    app = pilot.app
    assert isinstance(app, KubefateApp)
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the deploy dialog")
    lines = screen_lines(app)
    await pilot.click(app.screen.query_one("#confirm", Button))
    return lines
