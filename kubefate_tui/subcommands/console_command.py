"""`kubefate-tui` with no subcommand: the console, over the embedded or a remote backend.

This is the composition root: the only place that constructs a backend. The app receives it
ready-made and starts it after its first frame.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kubefate_tui.subcommands.collector_pause import collector_off

if TYPE_CHECKING:
    from backend.interface import Backend
    from kubefate_tui.app import KubefateApp
    from kubefate_tui.settings.console_config import EmbeddedProfile, Profile, RemoteProfile

EXIT_OK = 0
EXIT_USAGE = 2
CLI_CONFIG = Path("config.yaml")  # the `kubefate` CLI reads its config from the working folder


class ConsoleSetupError(Exception):
    """The options or the config cannot be honoured; the message is one line for stderr."""


def run(args: argparse.Namespace, opening: Callable[[KubefateApp], None] | None = None) -> int:
    """Run the console until the user quits; 2 for options that cannot be honoured.
    `opening` runs once the backend has started (the wizard subcommand opens the wizard)."""
    try:
        with collector_off():
            app, warnings = build_console(args)
        app.opening = opening
    except ConsoleSetupError as error:
        print(f"kubefate-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    warnings.extend(log_to_file())
    for warning in warnings:  # left on the terminal, visible again when the console exits
        print(f"kubefate-tui: {warning}", file=sys.stderr)
    tune_garbage_collector()
    app.run()
    say_generated_password(app.backend)
    return EXIT_OK


def log_to_file() -> list[str]:
    """Log records go to `console_log_path()` and nowhere else: never on the screen
    (docs/architecture.md, invariant 5). Returns a warning if that file cannot be written."""
    import logging

    from backend.logs.log_files import log_file_handler, send_logs_to
    from backend.paths import console_log_path

    try:
        handler = log_file_handler(console_log_path())
    except OSError as error:
        send_logs_to([], logging.INFO)  # dropped, rather than printed over the console
        return [f"no log file ({error}); this run's log records are dropped"]
    send_logs_to([handler], logging.INFO)
    return []


def say_generated_password(backend: Backend) -> None:
    """After the console's screen is gone: the admin password this run generated, if any
    (the toast during the run said only where its file is)."""
    from backend.embedded import EmbeddedBackend
    from kubefate_tui.subcommands.admin_announcement import announce_generated_password

    if isinstance(backend, EmbeddedBackend):
        announce_generated_password(backend.admin_outcome, sys.stderr)


def tune_garbage_collector() -> None:
    """Collect less often, and never walk what lives as long as the process.

    With Python's defaults (a young pass every 700 new objects, a full pass whenever the old
    generation grows by a quarter) loading a list of 100,000 jobs spent over a second in the
    collector, and each full pass stopped scrolling for about 0.1 s. Everything alive now
    (modules, classes, the app and its backend) stays until the console exits, so it is
    frozen out of every later pass; and young passes come every 10,000 objects, so that the
    short-lived objects of a page of rows are gone before a pass would promote them.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def build_console(args: argparse.Namespace) -> tuple[KubefateApp, list[str]]:
    """The app (not running yet) with its backend and theme, and warnings to show.

    The config file (`config_dir()/config.yaml`) supplies the theme and the default profile;
    `--theme`, `--db` and `--remote` win over it.
    """
    from backend.service_settings import SettingsError
    from kubefate_tui.app import KubefateApp
    from kubefate_tui.settings.command_history import default_history_path
    from kubefate_tui.settings.console_config import ConfigError, load_console_config
    from kubefate_tui.settings.key_bindings import apply_key_bindings
    from kubefate_tui.theming.starting_theme import set_starting_theme
    from kubefate_tui.theming.theme_catalog import DEFAULT_THEME, load_catalog, theme_cache_path

    try:
        config = load_console_config()
    except ConfigError as error:
        raise ConsoleSetupError(str(error)) from None
    catalog = load_catalog(cache_path=theme_cache_path())
    try:
        backend = chosen_backend(args, config.active_profile)
    except SettingsError as error:
        raise ConsoleSetupError(str(error)) from None
    from kubefate_tui.settings.last_federation import (
        default_last_federation_path,
        read_last_federation,
    )

    federation = getattr(args, "federation", None)
    memory = default_last_federation_path()
    # --federation opens the mode on DIR; without it, the mode shows the folder of last time.
    app = KubefateApp(
        backend,
        history_file=default_history_path(),
        backend_factory=ConfigProfiles(config.profiles, args),
        federation_folder=Path(federation).expanduser() if federation else None,
    )
    app.federation_memory = memory
    if app.federation_folder is None:
        app.federation_folder = read_last_federation(memory)

    catalog.register_on(app)
    name = args.theme or config.theme or DEFAULT_THEME
    source = f" (theme in {config.path})" if not args.theme and config.theme else ""
    set_starting_theme(app, checked_theme(app, name, source))  # before its CSS is parsed
    return app, [*catalog.warnings, *apply_key_bindings(app, config.keys, config.path)]


def checked_theme(app: KubefateApp, name: str, source: str = "") -> str:
    """`name` if the app knows that theme; otherwise an error listing the ones it knows."""
    if name not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        raise ConsoleSetupError(f"unknown theme {name!r}{source}; choose one of: {names}")
    return name


def chosen_backend(args: argparse.Namespace, profile: Profile | None) -> Backend:
    """`--remote` or `--db` if given, else the config's default profile, else embedded."""
    from kubefate_tui.settings.console_config import RemoteProfile

    if args.remote:
        return remote_backend(args.remote)
    if isinstance(profile, RemoteProfile) and not args.db:
        return remote_backend(profile.url, profile)
    embedded = None if isinstance(profile, RemoteProfile) else profile
    return embedded_backend(args, embedded)


def database_path(args: argparse.Namespace, profile: EmbeddedProfile | None = None) -> Path:
    """`--db`, else the profile's `db`, else the per-user default (`kubefate-tui config db`)."""
    if args.db:
        return Path(args.db).expanduser()
    if profile is not None and profile.db is not None:
        return profile.db
    from backend.paths import default_db_path

    return default_db_path()


def embedded_backend(args: argparse.Namespace, profile: EmbeddedProfile | None = None) -> Backend:
    """The embedded backend the options ask for; nothing is opened until `start()`.

    The admin account, token lifetime, chart repository and job timeout follow the same
    settings and FATECLOUD_* variables as `serve` (docs/kubefate-behaviour.md §7.1).
    """
    from backend.charts.chart_repo_settings import ChartRepoSettings
    from backend.embedded import EmbeddedBackend, EmbeddedOptions
    from backend.kube import KubeSettings
    from backend.service_settings import load_settings

    settings = load_settings(os.environ)
    kube = KubeSettings()
    if profile is not None:
        kube = KubeSettings(kubeconfig=profile.kubeconfig, context=profile.context)
    options = EmbeddedOptions(
        database_path(args, profile),
        admin_username=settings.admin_username,
        admin_password=settings.admin_password,  # None unless configured: see Accounts
        token_lifetime=settings.token_lifetime,
        read_only=bool(args.read_only),
        chart_repo=ChartRepoSettings.from_service_settings(settings),
        job_time_limit=settings.job_timeout,
        kube=kube,
    )
    return EmbeddedBackend(options)


def remote_backend(url: str, profile: RemoteProfile | None = None) -> Backend:
    """The remote backend for `--remote URL`: who logs in comes from the `kubefate` CLI's
    config.yaml (if one is in the working folder) and FATECLOUD_* variables (§6.1); a remote
    profile's `username` and the variable named by its `passwordEnv` win over those."""
    from backend.remote import RemoteBackend, RemoteSettings
    from backend.remote.remote_settings import RemoteConfigError

    config = CLI_CONFIG if CLI_CONFIG.is_file() else None
    overrides: dict[str, str] = {"url": url}
    if profile is not None:
        if profile.username:
            overrides["username"] = profile.username
        password = profile.password(os.environ)
        if password is not None:
            overrides["password"] = password
    try:
        settings = RemoteSettings.from_cli_config(config, os.environ, **overrides)
    except RemoteConfigError as error:
        raise ConsoleSetupError(str(error)) from None
    return RemoteBackend(settings)


class ConfigProfiles:
    """The console's `BackendFactory` (kubefate_tui/state/backend_factory.py), here because
    only the composition root constructs backends. Opens the config's profiles: embedded ones
    on their own database and kube context (`--db` names the main backend's database only),
    remote ones on their service."""

    def __init__(self, profiles: Mapping[str, Profile], args: argparse.Namespace) -> None:
        self.profiles = dict(profiles)
        self.read_only = bool(getattr(args, "read_only", False))

    def profile_names(self) -> tuple[str, ...]:
        """The profiles of the config, in its order."""
        return tuple(self.profiles)

    def open_profile(self, name: str) -> Backend:
        """A new (not started) backend for the profile `name`."""
        from kubefate_tui.settings.console_config import RemoteProfile
        from kubefate_tui.state.backend_factory import ProfileUnknown

        profile = self.profiles.get(name)
        if profile is None:
            known = ", ".join(self.profiles) or "none in the config"
            raise ProfileUnknown(f"no profile {name!r} ({known})")
        try:
            if isinstance(profile, RemoteProfile):
                return remote_backend(profile.url, profile)
            own = argparse.Namespace(db=None, read_only=self.read_only)
            return embedded_backend(own, profile)
        except ConsoleSetupError as error:
            raise ValueError(str(error)) from None
