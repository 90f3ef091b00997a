"""The theme the console starts in (set before its CSS is parsed) looks exactly as if the user
had switched to it: the same colours on every widget, the same light or dark mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color

from backend.embedded import EmbeddedOptions
from kubefate_tui.app import KubefateApp
from kubefate_tui.theming.starting_theme import set_starting_theme
from kubefate_tui.theming.theme_catalog import ThemeCatalog, builtin_themes
from tests.console.conftest import GatedBackend, footer_drawn, wait_until

Look = list[tuple[str, Color, Color]]


def console(db_path: Path) -> KubefateApp:
    """The console with the shipped themes, its backend held at "starting" (so that the
    status line says the same in every run)."""
    app = KubefateApp(GatedBackend(EmbeddedOptions(db_path)))
    ThemeCatalog(builtin_themes()).register_on(app)
    return app


async def look_of(app: KubefateApp) -> tuple[Look, set[str]]:
    """Background and text colour of the screen and each widget, and the app's mode classes."""
    async with app.run_test(size=(100, 30)) as pilot:
        # The bars below the panel come after the first frame: compare once they are there.
        await wait_until(pilot, lambda: footer_drawn(app.screen), "the footer")
        await pilot.pause()
        nodes = [app.screen, *app.screen.walk_children()]
        look = [(type(node).__name__, node.styles.background, node.styles.color) for node in nodes]
        modes = {name for name in app.classes if name.endswith("-mode")}
        assert isinstance(app.backend, GatedBackend)
        app.backend.gate.set()  # leaving waits for the start to end
    return look, modes


@pytest.mark.parametrize("theme", ["kubefate-light", "kubefate-high-contrast"])
async def test_a_starting_theme_looks_as_if_switched_to(tmp_path: Path, theme: str) -> None:
    started = console(tmp_path / "a.db")
    set_starting_theme(started, theme)
    switched = console(tmp_path / "b.db")
    switched.theme = theme
    default = console(tmp_path / "c.db")

    look, modes = await look_of(started)
    assert (look, modes) == await look_of(switched)
    assert look != (await look_of(default))[0]  # the theme does change the colours
    assert modes == ({"-light-mode"} if theme == "kubefate-light" else {"-dark-mode"})


def test_a_theme_that_is_not_registered_is_refused(tmp_path: Path) -> None:
    app = console(tmp_path / "a.db")
    with pytest.raises(ValueError, match="'nope' is not registered"):
        set_starting_theme(app, "nope")
    assert app.theme != "nope"
