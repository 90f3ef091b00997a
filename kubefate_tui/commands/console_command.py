"""`kubefate-tui` with no subcommand: the console, over the embedded backend.

This is the composition root: the only place that constructs a backend. The app receives it
ready-made and starts it after its first frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from backend.interface import Backend

EXIT_OK = 0
EXIT_USAGE = 2
CLI_CONFIG = Path("config.yaml")  # the `kubefate` CLI reads its config from the working folder


def run(args: argparse.Namespace) -> int:
    """Run the console until the user quits; 2 for options that cannot be honoured."""
    from backend.remote import RemoteConfigError
    from backend.service_settings import SettingsError
    from kubefate_tui.app import KubefateApp

    try:
        backend = remote_backend(args.remote) if args.remote else embedded_backend(args)
    except (SettingsError, RemoteConfigError) as error:
        print(f"kubefate-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    app = KubefateApp(backend)
    if args.theme:
        if args.theme not in app.available_themes:
            names = ", ".join(sorted(app.available_themes))
            print(
                f"kubefate-tui: unknown theme {args.theme!r}; choose one of: {names}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        app.theme = args.theme
    app.run()
    return EXIT_OK


def database_path(args: argparse.Namespace) -> Path:
    """`--db`, else the per-user default (see `kubefate-tui config db`)."""
    if args.db:
        return Path(args.db).expanduser()
    from backend.paths import default_db_path

    return default_db_path()


def embedded_backend(args: argparse.Namespace) -> Backend:
    """The embedded backend the options ask for; nothing is opened until `start()`.

    The admin account, token lifetime, chart repository and job timeout follow the same
    settings and FATECLOUD_* variables as `serve` (kubefate-spec.md §7.1).
    """
    from backend.charts.chart_repo import ChartRepoSettings
    from backend.embedded import EmbeddedBackend, EmbeddedOptions
    from backend.service_settings import load_settings

    settings = load_settings(os.environ)
    options = EmbeddedOptions(
        database_path(args),
        admin_username=settings.admin_username,
        admin_password=settings.admin_password,
        token_lifetime=settings.token_lifetime,
        read_only=bool(args.read_only),
        chart_repo=ChartRepoSettings.from_service_settings(settings),
        job_time_limit=settings.job_timeout,
    )
    return EmbeddedBackend(options)


def remote_backend(url: str) -> Backend:
    """The remote backend for `--remote URL`: who logs in comes from the `kubefate` CLI's
    config.yaml (if one is in the working folder) and FATECLOUD_* variables (§6.1)."""
    from backend.remote import RemoteBackend, RemoteSettings

    config = CLI_CONFIG if CLI_CONFIG.is_file() else None
    return RemoteBackend(RemoteSettings.from_cli_config(config, os.environ, url=url))
