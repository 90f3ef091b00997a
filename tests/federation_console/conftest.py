"""Fixtures of the Federations mode's tests: a factory of real backends by profile name, and
waits on the mode's screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend, EmbeddedOptions
from backend.interface import Backend
from backend.kube import KubeSettings
from kubefate_tui.app import KubefateApp
from kubefate_tui.screens.federations_screen import FederationsScreen
from kubefate_tui.state.backend_factory import BackendFactory, ProfileUnknown
from tests.charts.fate_renders import BUNDLED_CHARTS
from tests.console.conftest import (  # noqa: F401 - db_path: a fixture
    QUICK,
    db_path,
    fixed_clock,
    screen_lines,
    wait_until,
)
from tests.console.served_api import served  # noqa: F401 - a fixture, registered by being here
from tests.kube_emulator import KubeEmulator
from tests.offline_backend import offline_options

from .federation_folder import Party, write_federation


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


def emulated_options(db: Path, kubeconfig: Path, **overrides: object) -> EmbeddedOptions:
    """An embedded backend's options deploying into the emulator, with the bundled charts."""
    return offline_options(
        db, kube=KubeSettings(kubeconfig=kubeconfig), bundled_charts=BUNDLED_CHARTS, **overrides
    )


def emulated_console(
    tmp_path: Path,
    kubeconfig: Path,
    folder: Path,
    factory: BackendFactory | None = None,
) -> KubefateApp:
    """The console on an embedded backend deploying into the emulator, opened in the
    Federations mode on `folder` (party profiles through `factory`)."""
    backend = EmbeddedBackend(emulated_options(tmp_path / "kubefate.db", kubeconfig))
    return KubefateApp(
        backend,
        clock=fixed_clock,
        pacing=QUICK,
        backend_factory=factory,
        federation_folder=folder,
    )


def two_parties(emulator: KubeEmulator, folder: Path, router: Party | None = None) -> Path:
    """Parties 9999 and 10000 (`router` instead of the plain 10000) written to `folder`, with
    their namespaces made in the emulator; returns `folder`."""
    for namespace in ("fate-9999", "fate-10000"):
        emulator.controller.create_namespace(namespace)
    return write_federation(folder, [Party(9999, 30091), router or Party(10000, 30101)])
