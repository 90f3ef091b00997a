"""`kubefate-tui serve`: the embedded backend as a KubeFATE-compatible REST API v1 service.

Settings come from KubeFATE's keys (docs/kubefate-behaviour.md §7.1): `config.yaml` in the working
directory, then FATECLOUD_* variables, then this command's options. Differences, on purpose:

* the default listen address is 127.0.0.1 (KubeFATE: 0.0.0.0); a non-loopback address is
  refused unless TLS is served here (--tls-cert/--tls-key) or terminated in front of us
  (--behind-tls-proxy, or FATECLOUD_SERVER_BEHINDTLSPROXY=true in a manifest);
* data lives in a SQLite file (KubeFATE: in-memory SQLite or MySQL); FATECLOUD_DB_TYPE=mysql is
  refused with a message saying so;
* no password configured for the admin: an existing admin is left alone, a new one gets a
  random password (said once on a terminal, and written 0600 beside the database);
* `X-Forwarded-For` is believed only from the proxies named by --trusted-proxy.

Only the standard library is imported at module level: `add_serve_parser` runs for every
`kubefate-tui` invocation.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.embedded import EmbeddedOptions
    from backend.service_settings import ServiceSettings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
DEFAULT_HOST = "127.0.0.1"
BEHIND_PROXY_VARIABLE = "FATECLOUD_SERVER_BEHINDTLSPROXY"
TLS_CERT_VARIABLE = "FATECLOUD_SERVER_TLSCERT"
TLS_KEY_VARIABLE = "FATECLOUD_SERVER_TLSKEY"
TRUSTED_PROXIES_VARIABLE = "FATECLOUD_SERVER_TRUSTEDPROXIES"
UVICORN_PROXIES_VARIABLE = "FORWARDED_ALLOW_IPS"  # uvicorn's own name, honoured as a fallback
ALLOWED_ORIGINS_VARIABLE = "FATECLOUD_SERVER_ALLOWEDORIGINS"
_TRUE = frozenset({"1", "t", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "f", "false", "no", "off"})


class ServeConfigError(ValueError):
    """A setting `serve` cannot honour; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class ServePlan:
    """Everything `serve` decided before starting anything."""

    host: str
    port: int
    db_path: Path
    db_note: str = ""  # why the database is not the one the settings name, if it is not
    tls_cert: Path | None = None
    tls_key: Path | None = None
    behind_tls_proxy: bool = False
    kubeconfig: Path | None = None
    context: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    change_feed: bool = True
    settings: ServiceSettings | None = field(default=None, repr=False)

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def add_serve_parser(subparsers: Any) -> None:
    """Define `kubefate-tui serve` on the CLI's subparsers (cli.py calls this)."""
    serve = subparsers.add_parser(
        "serve",
        help="serve the embedded backend as a KubeFATE REST API v1 service",
        description=(
            "Serve the embedded backend as a KubeFATE-compatible REST API v1, for the kubefate "
            "CLI and remote consoles. Reads config.yaml in the working directory and FATECLOUD_* "
            "variables like KubeFATE. Listens on 127.0.0.1 unless told otherwise; any other "
            "address needs --tls-cert and --tls-key, or --behind-tls-proxy "
            f"({BEHIND_PROXY_VARIABLE}=true). Exit 2: a setting cannot be used."
        ),
    )
    serve.add_argument(
        "--host",
        help=f"listen address (default: FATECLOUD_SERVER_ADDRESS if set, else {DEFAULT_HOST})",
    )
    serve.add_argument("--port", help="listen port (default: FATECLOUD_SERVER_PORT, else 8080)")
    # SUPPRESS: without it the subcommand's default would overwrite `kubefate-tui --db X`.
    serve.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="SQLite database (default: FATECLOUD_DB_FILE if it names a file, else the "
        "per-user database)",
    )
    serve.add_argument("--kubeconfig", metavar="PATH", help="kubeconfig of the target cluster")
    serve.add_argument("--context", help="kubeconfig context to use")
    serve.add_argument(
        "--tls-cert", metavar="PEM", help=f"TLS certificate (or {TLS_CERT_VARIABLE})"
    )
    serve.add_argument("--tls-key", metavar="PEM", help=f"TLS private key (or {TLS_KEY_VARIABLE})")
    serve.add_argument(
        "--behind-tls-proxy",
        action="store_true",
        help=f"TLS is terminated in front of this service (or {BEHIND_PROXY_VARIABLE}=true)",
    )
    serve.add_argument(
        "--trusted-proxy",
        metavar="ADDRESS",
        action="append",
        help="a proxy whose X-Forwarded-For names the real client (an address or network; "
        f"repeat or separate with commas; or {TRUSTED_PROXIES_VARIABLE}). Default: none, "
        "every client is who its connection says",
    )
    serve.add_argument(
        "--allow-origin",
        metavar="URL",
        action="append",
        help="a web origin (e.g. https://console.example.com) allowed to open the log "
        "WebSocket and use the jwt cookie besides this service's own (repeat, or "
        f"{ALLOWED_ORIGINS_VARIABLE} with commas)",
    )
    serve.add_argument(
        "--no-change-feed",
        action="store_true",
        help="answer only KubeFATE's routes: no change feed and no paged job listing for "
        "remote consoles (they then poll)",
    )
    serve.set_defaults(handler=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM. 0 after a clean stop, 2 for unusable settings, 1 when the
    service cannot start (port taken, database unusable)."""
    from backend.service_settings import SettingsError, load_settings

    try:
        settings = load_settings(os.environ, Path("config.yaml"))
        plan = plan_serve(args, settings, os.environ)
        options = embedded_options(plan, settings)
    except (ServeConfigError, SettingsError) as error:
        print(f"kubefate-tui serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings.get("log.level"))
    import asyncio  # here, not at the top: cli.py imports this module for every command

    return asyncio.run(_serve(plan, options))


# --- deciding ----------------------------------------------------------------------------------


def plan_serve(
    args: argparse.Namespace, settings: ServiceSettings, environ: Mapping[str, str]
) -> ServePlan:
    """Host, port, database and TLS from the options, settings and environment."""
    host = args.host or DEFAULT_HOST
    if not args.host and settings.explicitly_set("server.address"):
        host = settings.get("server.address").strip() or DEFAULT_HOST
    port = _port(args.port, settings)
    db_path, db_note = _database(getattr(args, "db", None), settings)
    cert = _path_option(args.tls_cert or environ.get(TLS_CERT_VARIABLE), "--tls-cert")
    key = _path_option(args.tls_key or environ.get(TLS_KEY_VARIABLE), "--tls-key")
    if (cert is None) != (key is None):
        raise ServeConfigError(
            "--tls-cert and --tls-key go together: give both (the certificate and its key)"
        )
    behind = bool(args.behind_tls_proxy) or _flag(environ, BEHIND_PROXY_VARIABLE)
    if not is_loopback(host) and cert is None and not behind:
        raise ServeConfigError(_refusal(host, port))
    return ServePlan(
        host=host,
        port=port,
        db_path=db_path,
        db_note=db_note,
        tls_cert=cert,
        tls_key=key,
        behind_tls_proxy=behind,
        kubeconfig=Path(args.kubeconfig).expanduser() if args.kubeconfig else None,
        context=args.context or None,
        trusted_proxies=_trusted_proxies(getattr(args, "trusted_proxy", None), environ),
        allowed_origins=_allowed_origins(getattr(args, "allow_origin", None), environ),
        change_feed=not getattr(args, "no_change_feed", False),
        settings=settings,
    )


def _listed(values: list[str] | None, variable_text: str) -> tuple[str, ...]:
    """Options (each maybe comma-separated), else the variable's comma-separated list."""
    texts = values if values else [variable_text]
    return tuple(item.strip() for text in texts for item in text.split(",") if item.strip())


def _trusted_proxies(option: list[str] | None, environ: Mapping[str, str]) -> tuple[str, ...]:
    variable = environ.get(TRUSTED_PROXIES_VARIABLE) or environ.get(UVICORN_PROXIES_VARIABLE, "")
    proxies = _listed(option, variable)
    for proxy in proxies:
        if proxy == "*":
            continue
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ServeConfigError(
                f"--trusted-proxy: {proxy!r} is not an IP address or network (e.g. 10.0.0.7 "
                "or 10.0.0.0/24)"
            ) from None
    return proxies


def _allowed_origins(option: list[str] | None, environ: Mapping[str, str]) -> tuple[str, ...]:
    from backend.api.origin_policy import origin_authority

    origins = _listed(option, environ.get(ALLOWED_ORIGINS_VARIABLE, ""))
    for origin in origins:
        if origin_authority(origin) is None:
            raise ServeConfigError(
                f"--allow-origin: {origin!r} is not an origin like https://console.example.com"
            )
    return origins


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def _refusal(host: str, port: int) -> str:
    return (
        f"refusing to listen on {host}:{port} without TLS: passwords and tokens would cross the "
        "network in clear text. Give --tls-cert and --tls-key to serve HTTPS here; or, if TLS "
        "is terminated in front of this service (an ingress or a proxy), pass --behind-tls-proxy "
        f"or set {BEHIND_PROXY_VARIABLE}=true. KubeFATE's stock manifest "
        "(FATECLOUD_SERVER_ADDRESS=0.0.0.0 behind its ingress) needs exactly that one extra "
        f"variable. To serve this machine only, use --host {DEFAULT_HOST}."
    )


def _port(option: str | None, settings: ServiceSettings) -> int:
    text, origin = (
        (option, "--port")
        if option
        else (settings.get("server.port"), settings.origin("server.port"))
    )
    try:
        port = int(text.strip())
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise ServeConfigError(f"server.port ({origin}): {text!r} is not a port number (1-65535)")
    return port


def _database(option: str | None, settings: ServiceSettings) -> tuple[Path, str]:
    """--db, else FATECLOUD_DB_FILE/db.file when it names a file, else the per-user database."""
    db_type = settings.get("db.type").strip().lower()
    origin = settings.origin("db.type")
    if db_type == "mysql":
        raise ServeConfigError(
            f"db.type ({origin}) is mysql, but kubefate-tui serve stores its data in SQLite: "
            "unset FATECLOUD_DB_TYPE (or set it to sqlite) and name the database file with --db "
            "or FATECLOUD_DB_FILE"
        )
    if db_type != "sqlite":
        raise ServeConfigError(
            f"db.type ({origin}): unknown database type: {db_type}, please use 'mysql' or 'sqlite'"
        )
    if option:
        return Path(option).expanduser(), ""
    from backend.paths import default_db_path

    configured = settings.get("db.file").strip()
    if settings.explicitly_set("db.file") and configured:
        if "memory" in configured:
            return default_db_path(), (
                f"db.file ({settings.origin('db.file')}) names KubeFATE's in-memory database; "
                "kubefate-tui keeps its data in a file"
            )
        if configured.startswith("file:"):  # a SQLite URI: file:/path/x.db?options
            configured = configured.removeprefix("file:").partition("?")[0]
        return Path(configured).expanduser(), ""
    return default_db_path(), ""


def _path_option(value: str | None, option: str) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        raise ServeConfigError(f"{option}: {path} is not a readable file")
    return path


def _flag(environ: Mapping[str, str], variable: str) -> bool:
    text = environ.get(variable, "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ServeConfigError(f"{variable}={environ[variable]!r}: expected true or false")


def embedded_options(plan: ServePlan, settings: ServiceSettings) -> EmbeddedOptions:
    from backend.charts.chart_repo_settings import ChartRepoSettings
    from backend.embedded import EmbeddedOptions
    from backend.kube import KubeSettings

    secret_file = settings.get("auth.secretfile").strip()
    # An unset password is None: an existing admin is then left alone (see Accounts).
    return EmbeddedOptions(
        plan.db_path,
        admin_username=settings.admin_username,
        admin_password=settings.admin_password,
        token_lifetime=settings.token_lifetime,
        secret_path=Path(secret_file).expanduser() if secret_file else None,
        kube=KubeSettings(kubeconfig=plan.kubeconfig, context=plan.context),
        chart_repo=ChartRepoSettings.from_service_settings(settings),
        job_time_limit=settings.job_timeout,
    )


# --- serving -----------------------------------------------------------------------------------


def _configure_logging(level: str) -> None:
    """Log records on stderr and, rotated and private, in `serve_log_path()`."""
    import logging

    from backend.logs.log_files import log_file_handler, send_logs_to, stream_handler
    from backend.paths import serve_log_path

    names = {"debug": logging.DEBUG, "warn": logging.WARNING, "warning": logging.WARNING}
    names |= {"error": logging.ERROR, "fatal": logging.CRITICAL, "panic": logging.CRITICAL}
    handlers = [stream_handler(sys.stderr)]
    try:
        handlers.append(log_file_handler(serve_log_path()))
    except OSError as error:  # a read-only home in a container: stderr is still there
        print(f"kubefate-tui serve: no log file ({error}); logging on stderr only", file=sys.stderr)
    send_logs_to(handlers, names.get(level.strip().lower(), logging.INFO))


async def _serve(plan: ServePlan, options: EmbeddedOptions) -> int:
    import logging

    from backend.api import ApiOptions, create_app
    from backend.api.server import ApiServer, uvicorn_config
    from backend.embedded import EmbeddedBackend
    from backend.errors import BackendError
    from kubefate_tui.subcommands.admin_announcement import announce_generated_password

    log = logging.getLogger("kubefate_tui.serve")
    backend = EmbeddedBackend(options)
    try:
        await backend.start()
    except BackendError as error:
        print(f"kubefate-tui serve: {error}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        try:
            await backend.ready_accounts()  # the admin exists (and is announced) before we listen
        except BackendError as error:
            print(f"kubefate-tui serve: {error}", file=sys.stderr)
            return EXIT_FAILURE
        announce_generated_password(backend.admin_outcome, sys.stderr)
        note = f" ({plan.db_note})" if plan.db_note else ""
        tls = ", TLS terminated in front" if plan.behind_tls_proxy and not plan.tls_cert else ""
        proxies = f", trusting X-Forwarded-For from {', '.join(plan.trusted_proxies)}"
        config = uvicorn_config(
            create_app(
                backend,
                ApiOptions(allowed_origins=plan.allowed_origins, change_feed=plan.change_feed),
            ),
            plan.host,
            plan.port,
            tls_cert=plan.tls_cert,
            tls_key=plan.tls_key,
            trusted_proxies=plan.trusted_proxies,
        )
        server = ApiServer(
            config,
            on_started=lambda: log.info(
                "kubefate-tui serve: listening on %s%s%s, database %s%s",
                plan.url,
                tls,
                proxies if plan.trusted_proxies else "",
                plan.db_path,
                note,
            ),
        )
        try:
            await server.serve()
        except SystemExit:  # uvicorn's way of saying it could not bind (logged already)
            return EXIT_FAILURE
        except OSError as error:  # e.g. a TLS certificate or key that cannot be loaded
            print(f"kubefate-tui serve: cannot serve on {plan.url}: {error}", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_OK if server.started else EXIT_FAILURE
    finally:
        await backend.close()
