"""Every theme the console offers: the built-in ones shipped in the package, then the user's.

User themes are `config_dir()/themes/*.yaml`. A broken user theme is skipped and described in
`ThemeCatalog.warnings` (for the console to show); it never stops the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from textual.theme import Theme

from kubefate_tui.theming.theme_cache import ThemeCache
from kubefate_tui.theming.theme_files import (
    THEME_SUFFIXES,
    ThemeFileError,
    load_theme_file,
    parse_theme_text,
)

DEFAULT_THEME = "kubefate-dark"
BUILTIN_THEME_NAMES = ("kubefate-dark", "kubefate-light", "kubefate-high-contrast")
BUILTIN_THEME_DIR = Path(__file__).resolve().parent.parent / "themes"
"""`kubefate_tui/themes/`: the built-in themes (package data)."""


class ThemeRegistry(Protocol):
    """What a catalog registers on: `textual.app.App` satisfies it."""

    def register_theme(self, theme: Theme) -> None: ...


@dataclass
class ThemeCatalog:
    """Themes by name (built-in first, a user theme of the same name wins) and load warnings."""

    themes: dict[str, Theme] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return sorted(self.themes)

    def register_on(self, app: ThemeRegistry) -> None:
        """Register every theme of the catalog on `app` (before or after it runs)."""
        for theme in self.themes.values():
            app.register_theme(theme)


def builtin_themes(cache: ThemeCache | None = None) -> dict[str, Theme]:
    """The themes shipped in `kubefate_tui/themes/` (package data)."""
    # Beside the code, as the app finds its app.tcss: importlib.resources would read the same
    # files, after importing its readers (and zipfile) before the console's first frame.
    folder = BUILTIN_THEME_DIR
    themes: dict[str, Theme] = {}
    for name in BUILTIN_THEME_NAMES:
        entry = folder.joinpath(f"{name}.yaml")
        text = entry.read_text(encoding="utf-8")
        theme = parse_theme_text(text, entry.name, default_name=name, cache=cache)
        themes[theme.name] = theme
    return themes


def user_theme_dir() -> Path:
    """`<config dir>/themes`: where users put their own theme files."""
    from backend.paths import config_dir

    return config_dir() / "themes"


def user_themes(
    folder: Path, cache: ThemeCache | None = None
) -> tuple[dict[str, Theme], list[str]]:
    """The readable theme files in `folder` and a warning for each one that is not."""
    themes: dict[str, Theme] = {}
    warnings: list[str] = []
    if not folder.is_dir():
        return themes, warnings
    files = sorted(p for p in folder.iterdir() if p.suffix in THEME_SUFFIXES and p.is_file())
    for path in files:
        try:
            theme = load_theme_file(path, cache)
        except ThemeFileError as error:
            warnings.append(f"theme skipped: {error}")
            continue
        themes[theme.name] = theme
    return themes, warnings


def load_catalog(folder: Path | None = None, *, cache_path: Path | None = None) -> ThemeCatalog:
    """Built-in themes plus the user's (from `folder`, default `user_theme_dir()`); parsed
    themes are cached in `cache_path` (see theme_cache) when one is given."""
    cache = ThemeCache(cache_path)
    found, warnings = user_themes(user_theme_dir() if folder is None else folder, cache)
    catalog = ThemeCatalog({**builtin_themes(cache), **found}, warnings)
    cache.save()
    return catalog


def theme_cache_path() -> Path:
    """`<user cache dir>/themes.json`: where `kubefate-tui` keeps its parsed themes."""
    from platformdirs import user_cache_path

    return user_cache_path("kubefate-tui", appauthor=False) / "themes.json"
