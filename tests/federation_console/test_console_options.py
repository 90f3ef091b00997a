"""The composition root of the Federations mode: `--federation DIR` opens the console in that
mode, and the app is handed a factory that opens a backend per profile of the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.interface import BackendKind
from backend.paths import config_dir
from kubefate_tui.cli import build_parser
from kubefate_tui.settings.last_federation import default_last_federation_path
from kubefate_tui.state.backend_factory import ProfileUnknown
from kubefate_tui.subcommands.console_command import build_console
from tests.console.conftest import wait_until

from .conftest import line_with, settle
from .federation_folder import Party, write_federation

CONFIG = """\
profiles:
  lab-a:
    embedded: {db: DB, context: lab-a}
  lab-b:
    remote: {url: "http://127.0.0.1:47652", username: ops, passwordEnv: LAB_B_PASSWORD}
"""


@pytest.mark.usefixtures("platformdirs_isolated")
def test_federation_option_and_the_profiles_factory(tmp_path: Path) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    db = tmp_path / "lab-a.db"
    (config_dir() / "config.yaml").write_text(CONFIG.replace("DB", str(db)), "utf-8")
    args = build_parser().parse_args(["--db", str(tmp_path / "own.db"), "--federation", "~/fed"])
    app, _warnings = build_console(args)

    assert app.federation_folder == Path("~/fed").expanduser()
    assert app.DEFAULT_MODE == "federations"
    factory = app.backend_factory
    assert factory.profile_names() == ("lab-a", "lab-b")
    embedded = factory.open_profile("lab-a").describe()
    # A profile's backend keeps its own database: --db names the console's own only.
    assert (embedded.kind, embedded.location) == (BackendKind.EMBEDDED, str(db))
    remote = factory.open_profile("lab-b").describe()
    assert remote.kind is BackendKind.REMOTE and remote.username == "ops"
    assert remote.location.startswith("http://127.0.0.1:47652")
    with pytest.raises(ProfileUnknown, match="no profile 'lab-c' \\(lab-a, lab-b\\)"):
        factory.open_profile("lab-c")


@pytest.mark.usefixtures("platformdirs_isolated")
def test_without_federation_the_console_opens_on_clusters(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--db", str(tmp_path / "own.db")])
    app, _warnings = build_console(args)
    assert app.federation_folder is None
    assert app.DEFAULT_MODE == "clusters"


@pytest.mark.usefixtures("platformdirs_isolated")
async def test_the_federation_opened_last_is_shown_next_time(tmp_path: Path) -> None:
    folder = write_federation(tmp_path / "fed", [Party(9999, 30091), Party(10000, 30101)])
    args = build_parser().parse_args(["--db", str(tmp_path / "own.db")])
    app, _warnings = build_console(args)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("colon", *f"federation {folder}", "enter")
        await settle(pilot)
        memory = default_last_federation_path()
        await wait_until(pilot, memory.exists, "the folder to be remembered")

    again, _warnings = build_console(args)
    assert again.federation_folder == folder
    assert again.DEFAULT_MODE == "clusters"  # remembered for `6`, not opened on its own
    async with again.run_test(size=(160, 30)) as pilot:
        await pilot.press("6")
        lines = await settle(pilot)
        assert line_with(lines, "Federation fed-test")
