"""The KubeFATE service's configuration keys and FATECLOUD_* variables.

(docs/kubefate-behaviour.md §7.1.)

Sources, later wins: built-in defaults, a `config.yaml` (KubeFATE reads it from the working
directory), then `FATECLOUD_<KEY>` variables (`.` becomes `_`, upper case), so a manifest written
for the Go service configures us unchanged. Keys only we have are marked "ours" below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from backend.auth.token_lifetime import DEFAULT_TOKEN_LIFETIME
from backend.models.job import DEFAULT_TIME_LIMIT

# key → default; the order is the documentation order of §7.1.
DEFAULTS: dict[str, str] = {
    "server.address": "0.0.0.0",
    "server.port": "8080",
    "db.type": "sqlite",
    "db.file": "",  # KubeFATE: in-memory; ours: the per-user database file (see paths.py)
    "db.host": "",
    "db.port": "",
    "db.name": "",
    "db.username": "",
    "db.password": "",
    "log.level": "info",
    "log.nocolor": "false",
    "repo.name": "kubefate",
    "repo.url": "https://federatedai.github.io/KubeFATE",
    "repo.username": "",
    "repo.password": "",
    "user.username": "admin",
    # KubeFATE: `admin`, re-applied at every start. Ours: unset leaves an existing admin alone
    # and gives a new one a random password (see `admin_password`).
    "user.password": "",
    "auth.tokenlifetime": "30m",  # ours: JWT lifetime (KubeFATE: fixed 30 min)
    "auth.secretfile": "",  # ours: JWT key file (KubeFATE: random per start)
    "job.timeout": "1h",  # ours: how long a job waits for its cluster (KubeFATE: fixed 1 h)
}

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the key and where it came from."""


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    values: dict[str, str] = field(default_factory=lambda: dict(DEFAULTS))
    origins: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.values[key.lower()]

    def origin(self, key: str) -> str:
        """`default`, the config file's path, or the variable that set this key."""
        return self.origins.get(key.lower(), "default")

    def explicitly_set(self, key: str) -> bool:
        return key.lower() in self.origins

    @property
    def admin_username(self) -> str:
        return self.get("user.username")

    @property
    def admin_password(self) -> str | None:
        """The admin's password if the operator configured one (config file or
        FATECLOUD_USER_PASSWORD, even empty: that is refused later, with its name); None if
        not, and then no existing account is changed (Accounts.ensure_admin)."""
        if not self.explicitly_set("user.password"):
            return None
        return self.get("user.password")

    @property
    def token_lifetime(self) -> timedelta:
        return self.duration("auth.tokenLifetime") or DEFAULT_TOKEN_LIFETIME

    @property
    def job_timeout(self) -> timedelta:
        return self.duration("job.timeout") or DEFAULT_TIME_LIMIT

    def duration(self, key: str) -> timedelta | None:
        """A duration setting; None when zero; SettingsError naming key and origin if bad."""
        try:
            value = parse_duration(self.get(key))
        except ValueError as error:
            raise SettingsError(f"{key} ({self.origin(key)}): {error}") from None
        return value if value > timedelta(0) else None


def parse_duration(text: str) -> timedelta:
    """Go-style durations (`30m`, `1h30m`, `90s`) or plain seconds (`1800`)."""
    text = text.strip()
    if text.isdigit():
        return timedelta(seconds=int(text))
    position, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            break
        seconds += float(match.group(1)) * _UNITS[match.group(2)]
        position = match.end()
    if not text or position != len(text):
        raise ValueError(f"{text!r} is not a duration; write e.g. 30m, 1h or 90s")
    return timedelta(seconds=seconds)


def load_settings(environ: Mapping[str, str], config_file: Path | None = None) -> ServiceSettings:
    """Defaults, then `config_file` if it exists, then FATECLOUD_* variables."""
    values, origins = dict(DEFAULTS), {}
    if config_file is not None and config_file.is_file():
        for key, value in _flatten(_read_yaml(config_file)).items():
            values[key], origins[key] = value, str(config_file)
    for key in DEFAULTS:
        variable = "FATECLOUD_" + key.replace(".", "_").upper()
        if variable in environ:
            values[key], origins[key] = environ[variable], variable
    return ServiceSettings(values, origins)


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml  # only with a file to read: the console's start should not pay for it

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SettingsError(f"{where}: not valid YAML: {error}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise SettingsError(f"{path}: expected a mapping of settings at the top level")
    return document


def _flatten(document: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """`{user: {username: x}}` → `{"user.username": "x"}`; keys are case-insensitive (viper)."""
    flat: dict[str, str] = {}
    for key, value in document.items():
        name = f"{prefix}{str(key).lower()}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        elif value is not None:
            flat[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return flat
