"""The remote backend: a KubeFATE service (the Go one, or `kubefate-tui serve`) over REST v1.

* `RemoteSettings` — where the service is and who logs in (`from_cli_config` reads the
  `kubefate` CLI's config.yaml and FATECLOUD_* variables).
* `RemoteBackend` — the `Backend` over HTTP, with `connection_state` for the header line.
* `diagnose` / `run_doctor` — the connection doctor's steps (`DoctorStep`).
"""

from backend.remote.connection_doctor import DoctorStep, diagnose, run_doctor
from backend.remote.connection_state import ConnectionPhase, ConnectionState
from backend.remote.remote_backend import RemoteBackend
from backend.remote.remote_settings import RemoteConfigError, RemoteSettings

__all__ = [
    "ConnectionPhase",
    "ConnectionState",
    "DoctorStep",
    "RemoteBackend",
    "RemoteConfigError",
    "RemoteSettings",
    "diagnose",
    "run_doctor",
]
