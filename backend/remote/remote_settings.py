"""Where the KubeFATE service is and how to talk to it (docs/kubefate-behaviour.md §6.1, §7.1).

KubeFATE's CLI reads `config.yaml` with `serviceurl` (host[:port], no scheme), `safeconnect`
(true → https/wss), `user.username` and `user.password`, each overridden by a `FATECLOUD_<KEY>`
variable. `RemoteSettings.from_cli_config` reads the same file and variables, so a user who
already drives KubeFATE with its CLI points this console at the same service unchanged.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

DEFAULT_SERVICE_URL = "localhost:8080"  # the CLI's default `serviceurl`
DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "admin"

# strconv.ParseBool, which viper uses for `safeconnect`.
_TRUE_WORDS = frozenset({"1", "t", "true"})
_FALSE_WORDS = frozenset({"0", "f", "false"})


class RemoteConfigError(ValueError):
    """A remote setting cannot be used; the message names the setting and where it came from."""


def parse_go_bool(value: object, *, setting: str) -> bool:
    """A boolean as Go's strconv.ParseBool reads it (`true`, `1`, `T`, `FALSE`...)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise RemoteConfigError(f"{setting}: {value!r} is not true or false")


@dataclass(frozen=True, slots=True)
class RemoteSettings:
    """A KubeFATE service and the account the console uses on it.

    `url` is either a full URL (`https://kubefate.example.com`, `http://10.0.0.5:8080/prefix`)
    or KubeFATE's `serviceurl` form, host[:port] without a scheme. Without a scheme the scheme
    comes from `safeconnect` (true → https, otherwise http). With a scheme the scheme wins,
    except that `safeconnect=True` upgrades http to https (never the other way round).
    `verify`: True (the system's CA store), False (no verification: test setups only) or a
    CA bundle file.
    """

    url: str = DEFAULT_SERVICE_URL
    username: str = DEFAULT_USERNAME
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    verify: bool | Path = True
    safeconnect: bool | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0  # per request; following logs has none
    retry_attempts: int = 3  # tries of an idempotent request (GET) per call
    retry_budget: float = 5.0  # seconds one call may spend retrying
    retry_base_delay: float = 0.25  # first back-off; doubles per try
    relogin_margin: timedelta = timedelta(seconds=60)  # log in again this long before `expire`
    poll_interval: float = 2.0  # change poller: seconds between the end of a poll and the next
    poll_max_backoff: float = 30.0  # change poller: longest wait while the service is down

    def __post_init__(self) -> None:
        # Fail early, with the setting named, rather than at the first request.
        _ = self.base_url
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise RemoteConfigError("timeouts must be positive")
        if self.retry_attempts < 1:
            raise RemoteConfigError("retry_attempts must be at least 1")
        if isinstance(self.verify, Path) and not self.verify.is_file():
            raise RemoteConfigError(f"CA bundle {self.verify}: no such file")

    # --- derived ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """`scheme://host[:port][/prefix]` without a trailing slash; the routes go after it."""
        text = self.url.strip()
        if not text:
            raise RemoteConfigError("the service URL is empty; set serviceurl (host[:port])")
        if "://" not in text:
            scheme = "https" if self.safeconnect else "http"
            text = f"{scheme}://{text}"
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise RemoteConfigError(
                f"service URL {self.url!r}: the scheme must be http or https, not {scheme!r}"
            )
        if self.safeconnect and scheme == "http":
            scheme = "https"
        if not parts.hostname:
            raise RemoteConfigError(f"service URL {self.url!r} has no host name")
        try:
            _ = parts.port
        except ValueError:
            raise RemoteConfigError(f"service URL {self.url!r}: the port is not a number") from None
        return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.base_url)
        if parts.port is not None:
            return parts.port
        return 443 if parts.scheme == "https" else 80

    @property
    def uses_tls(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def websocket_base_url(self) -> str:
        """ws:// or wss:// for the log-follow route."""
        base = self.base_url
        return ("wss://" + base[len("https://") :]) if self.uses_tls else "ws://" + base[7:]

    @property
    def origin(self) -> str:
        """The `Origin` the Go CLI sends on the log WebSocket: `ws://<serviceurl>/`."""
        parts = urlsplit(self.websocket_base_url)
        return f"{parts.scheme}://{parts.netloc}/"

    def ssl_context(self) -> ssl.SSLContext:
        """The TLS settings for https and wss: verification on unless `verify` is False."""
        if self.verify is False:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        if isinstance(self.verify, Path):
            return ssl.create_default_context(cafile=str(self.verify))
        return ssl.create_default_context()

    # --- constructors ----------------------------------------------------------------------
    @classmethod
    def from_cli_config(
        cls,
        config_yaml_path: Path | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> RemoteSettings:
        """The settings KubeFATE's CLI would use: its `config.yaml`, then FATECLOUD_* variables.

        `config_yaml_path` None: no file (defaults and variables only). A path that does not
        exist is an error, as it is for the CLI. `overrides` set any other field (timeouts,
        `verify`...) and win over both.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if config_yaml_path is not None:
            values.update(_read_cli_config(config_yaml_path))
        for key in ("serviceurl", "safeconnect", "user.username", "user.password"):
            variable = "FATECLOUD_" + key.replace(".", "_").upper()
            if variable in env:
                values[key] = env[variable]
        safeconnect: bool | None = None
        if values.get("safeconnect") not in (None, ""):
            safeconnect = parse_go_bool(values["safeconnect"], setting="safeconnect")
        fields: dict[str, Any] = {
            "url": str(values.get("serviceurl") or DEFAULT_SERVICE_URL),
            "username": str(values.get("user.username") or DEFAULT_USERNAME),
            "password": str(values.get("user.password") or DEFAULT_PASSWORD),
            "safeconnect": safeconnect,
        }
        fields.update(overrides)
        return cls(**fields)


def _read_cli_config(path: Path) -> dict[str, Any]:
    """`config.yaml` flattened to dotted lower-case keys (viper is case-insensitive)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RemoteConfigError(f"load config.yaml error: {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RemoteConfigError(f"load config.yaml error: {path}: {error}") from None
    except yaml.YAMLError as error:
        raise RemoteConfigError(
            f"load config.yaml error: {path}: not valid YAML: {error}"
        ) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise RemoteConfigError(f"{path}: expected a mapping of settings at the top level")
    return _flatten(document)


def _flatten(document: Mapping[Any, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in document.items():
        name = f"{prefix}{str(key).lower()}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        elif value is not None:
            flat[name] = value
    return flat
