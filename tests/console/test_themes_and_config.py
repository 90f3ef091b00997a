"""Themes (shipped and the user's) and the console's config file (config_dir()/config.yaml)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color

from backend.embedded import EmbeddedBackend
from backend.interface import BackendKind
from backend.remote import RemoteBackend
from kubefate_tui.cli import build_parser
from kubefate_tui.settings.console_config import (
    ConfigError,
    ConsoleConfig,
    EmbeddedProfile,
    RemoteProfile,
    load_console_config,
)
from kubefate_tui.subcommands.console_command import ConsoleSetupError, build_console
from kubefate_tui.theming.theme_catalog import (
    BUILTIN_THEME_NAMES,
    builtin_themes,
    load_catalog,
    user_theme_dir,
)
from kubefate_tui.theming.theme_files import ThemeFileError, load_theme_file

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD_THEME = 'name: midnight\nprimary: "#7AA2F7"\nbackground: "#1A1B26"\ndark: true\n'


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty per-user config folder (XDG_CONFIG_HOME) for kubefate-tui."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "config" / "kubefate-tui"
    folder.mkdir(parents=True)
    return folder


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- themes ------------------------------------------------------------------------------


def test_each_shipped_theme_loads_and_registers() -> None:
    themes = builtin_themes()
    assert sorted(themes) == sorted(BUILTIN_THEME_NAMES)
    app: App[None] = App()
    for theme in themes.values():
        app.register_theme(theme)
    for name in BUILTIN_THEME_NAMES:
        assert name in app.available_themes
        app.theme = name
        assert app.get_css_variables()["primary"]
    assert not themes["kubefate-light"].dark and themes["kubefate-dark"].dark


def test_high_contrast_is_pure_black_and_white() -> None:
    theme = builtin_themes()["kubefate-high-contrast"]
    assert Color.parse(theme.background or "") == Color(0, 0, 0)
    assert Color.parse(theme.foreground or "") == Color(255, 255, 255)
    primary = Color.parse(theme.primary)
    contrast = (primary.brightness + 0.05) / 0.05  # against black
    assert contrast > 15


def test_the_top_level_themes_folder_holds_the_shipped_files() -> None:
    packaged = REPO_ROOT / "kubefate_tui" / "themes"
    for name in BUILTIN_THEME_NAMES:
        top = REPO_ROOT / "themes" / f"{name}.yaml"
        assert top.read_text() == (packaged / f"{name}.yaml").read_text()
        assert load_theme_file(top).name == name


def test_a_user_theme_appears_in_the_catalog(config_home: Path) -> None:
    assert user_theme_dir() == config_home / "themes"
    write(config_home / "themes" / "midnight.yaml", GOOD_THEME)
    catalog = load_catalog()
    assert "midnight" in catalog.names and "kubefate-dark" in catalog.names
    assert catalog.warnings == []


def test_a_broken_user_theme_is_skipped_with_a_warning(config_home: Path) -> None:
    broken = write(config_home / "themes" / "broken.yaml", 'primary: "#7AA2F7"\nshade: 3\n')
    write(config_home / "themes" / "midnight.yaml", GOOD_THEME)
    catalog = load_catalog()
    assert "midnight" in catalog.names and "broken" not in catalog.names
    [warning] = catalog.warnings
    assert str(broken) in warning and "shade: unknown field" in warning


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        ('primary: "#12"\n', "primary", "is not a colour"),
        ('primary: red\nbackground: "not-a-colour"\n', "background", "is not a colour"),
        ("background: black\n", "primary", "is required"),
        ("primary: red\ndark: maybe\n", "dark", "not true or false"),
        ("primary: red\nvariables: [1, 2]\n", "variables", "mapping"),
        ("primary: red\ntext_alpha: 3\n", "text_alpha", "between 0 and 1"),
    ],
)
def test_a_bad_theme_file_names_the_file_and_field(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ThemeFileError) as caught:
        load_theme_file(path)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{path}: {field}: ")
    assert problem in str(caught.value)


def test_a_theme_file_that_is_not_yaml_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", "primary: [unclosed\n")
    with pytest.raises(ThemeFileError, match="not valid YAML"):
        load_theme_file(path)


# --- the config file ---------------------------------------------------------------------

FULL_CONFIG = """\
theme: kubefate-light
defaultProfile: lab
profiles:
  lab:
    embedded: {db: /srv/fate/lab.db, kubeconfig: /srv/kube/lab, context: lab-admin}
  prod:
    remote:
      url: https://kubefate.example.com
      username: ops
      passwordEnv: PROD_KUBEFATE_PASSWORD
  plain:
    remote: {url: "kubefate.local:8080"}
keys:
  quit: ctrl+q
  jobs: "2"
"""


def test_a_missing_config_file_means_the_defaults(config_home: Path) -> None:
    assert load_console_config() == ConsoleConfig()


def test_a_config_with_profiles_theme_and_keys_loads(config_home: Path) -> None:
    write(config_home / "config.yaml", FULL_CONFIG)
    config = load_console_config()
    assert config.theme == "kubefate-light"
    assert config.keys == {"quit": "ctrl+q", "jobs": "2"}
    assert config.active_profile == EmbeddedProfile(
        "lab", Path("/srv/fate/lab.db"), Path("/srv/kube/lab"), "lab-admin"
    )
    prod = config.profiles["prod"]
    assert isinstance(prod, RemoteProfile) and prod.username == "ops"
    assert prod.password({"PROD_KUBEFATE_PASSWORD": "s3cret"}) == "s3cret"
    plain = config.profiles["plain"]
    assert isinstance(plain, RemoteProfile)
    assert plain.password_env == "FATECLOUD_USER_PASSWORD" and plain.password({}) is None


@pytest.mark.parametrize(
    ("text", "line", "key", "problem"),
    [
        ("theme: x\ncolour: red\n", 2, "colour", "unknown key"),
        ("theme: 3\n", 1, "theme", "must be a string"),
        ("profiles:\n  a:\n    embedded: {db: x}\ndefaultProfile: b\n", 4, "defaultProfile", "no"),
        ("profiles:\n  a:\n    remote: {username: x}\n", 3, "profiles.a.remote.url", "required"),
        ("profiles:\n  a:\n    embedded:\n      dbb: x\n", 4, "profiles.a.embedded.dbb", "unknown"),
        ("profiles:\n  a:\n    embedded: {}\n    remote: {url: x}\n", 3, "profiles.a", "one of"),
        ("keys:\n  quit: [q]\n", 2, "keys.quit", "must be a string"),
        ("keys: [q]\n", 1, "keys", "must be a mapping"),
        ("theme: [unclosed\n", 2, "(file)", "not valid YAML"),
    ],
)
def test_a_config_error_names_the_line_and_key(
    config_home: Path, text: str, line: int, key: str, problem: str
) -> None:
    path = write(config_home / "config.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_console_config()
    error = caught.value
    assert (error.path, error.line, error.key) == (path, line, key)
    assert str(error).startswith(f"{path}:{line}: {key}: ") and problem in str(error)


# --- the console command -------------------------------------------------------------------


def test_the_theme_option_sets_the_apps_theme(config_home: Path, tmp_path: Path) -> None:
    args = parse("--db", str(tmp_path / "k.db"), "--theme", "kubefate-high-contrast")
    app, warnings = build_console(args)
    assert app.theme == "kubefate-high-contrast" and warnings == []
    assert app.get_theme("kubefate-light") is not None
    assert not (tmp_path / "k.db").exists()


def test_the_default_theme_is_kubefate_dark(config_home: Path, tmp_path: Path) -> None:
    app, _ = build_console(parse("--db", str(tmp_path / "k.db")))
    assert app.theme == "kubefate-dark"


def test_config_theme_and_user_themes_are_honoured(config_home: Path, tmp_path: Path) -> None:
    write(config_home / "themes" / "midnight.yaml", GOOD_THEME)
    write(config_home / "themes" / "broken.yaml", "primary: nope-colour\n")
    write(config_home / "config.yaml", "theme: midnight\n")
    app, warnings = build_console(parse("--db", str(tmp_path / "k.db")))
    assert app.theme == "midnight"
    assert len(warnings) == 1 and "broken.yaml: primary" in warnings[0]
    app, _ = build_console(parse("--db", str(tmp_path / "k.db"), "--theme", "textual-light"))
    assert app.theme == "textual-light"


def test_an_unknown_config_theme_names_the_config(config_home: Path, tmp_path: Path) -> None:
    write(config_home / "config.yaml", "theme: nope\n")
    with pytest.raises(ConsoleSetupError, match=r"unknown theme 'nope' \(theme in .*config.yaml"):
        build_console(parse("--db", str(tmp_path / "k.db")))


def test_the_default_profile_chooses_the_backend(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no `kubefate` CLI config.yaml in the working folder
    write(config_home / "config.yaml", FULL_CONFIG)
    app, _ = build_console(parse())
    backend = app.backend
    assert isinstance(backend, EmbeddedBackend)
    assert backend.options.db_path == Path("/srv/fate/lab.db")
    assert backend.options.kube.kubeconfig == Path("/srv/kube/lab")
    assert backend.options.kube.context == "lab-admin"
    app, _ = build_console(parse("--db", str(tmp_path / "k.db")))  # --db wins
    assert app.backend.describe().location == str(tmp_path / "k.db")


def test_a_remote_default_profile_reads_the_password_from_the_named_variable(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROD_KUBEFATE_PASSWORD", "s3cret")
    write(
        config_home / "config.yaml",
        FULL_CONFIG.replace("defaultProfile: lab", "defaultProfile: prod"),
    )
    app, _ = build_console(parse())
    description = app.backend.describe()
    assert description.kind is BackendKind.REMOTE and description.username == "ops"
    assert description.location.startswith("https://kubefate.example.com")
    assert isinstance(app.backend, RemoteBackend)
    assert app.backend.settings.password == "s3cret"
    app, _ = build_console(parse("--remote", "http://other.example.com"))  # --remote wins
    assert app.backend.describe().location.startswith("http://other.example.com")


def test_a_config_error_is_one_stderr_line_and_exit_2(tmp_path: Path) -> None:
    config = write(tmp_path / "config" / "kubefate-tui" / "config.yaml", "theme: x\nthem: y\n")
    result = subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "--db", str(tmp_path / "k.db")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"kubefate-tui: {config}:2: them: unknown key")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "k.db").exists()
