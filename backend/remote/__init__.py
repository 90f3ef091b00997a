"""The remote backend: a KubeFATE service (the Go one, or `kubefate-tui serve`) over REST v1.

* `RemoteSettings` — where the service is and who logs in (`from_cli_config` reads the
  `kubefate` CLI's config.yaml and FATECLOUD_* variables).
* `RemoteBackend` — the `Backend` over HTTP; `watch_connection` tells the header line whether
  the service answers.
* `diagnose` / `run_doctor` — the connection doctor's steps (`DoctorStep`).

Names are imported on first use: importing a submodule (the embedded console only needs
`remote_settings` for its error type) must not pull in httpx (~100 ms before the first frame).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.remote.connection_doctor import DoctorStep, diagnose, run_doctor
    from backend.remote.remote_backend import RemoteBackend
    from backend.remote.remote_settings import RemoteConfigError, RemoteSettings

_HOMES = {
    "DoctorStep": "connection_doctor",
    "RemoteBackend": "remote_backend",
    "RemoteConfigError": "remote_settings",
    "RemoteSettings": "remote_settings",
    "diagnose": "connection_doctor",
    "run_doctor": "connection_doctor",
}

__all__ = [
    "DoctorStep",
    "RemoteBackend",
    "RemoteConfigError",
    "RemoteSettings",
    "diagnose",
    "run_doctor",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backend.remote' has no attribute {name!r}")
    return getattr(import_module(f"backend.remote.{home}"), name)
