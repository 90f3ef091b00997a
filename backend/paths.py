"""Where kubefate-tui keeps its files by default (per-user folders from platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "kubefate-tui"


def data_dir() -> Path:
    """The user's data folder, e.g. ~/.local/share/kubefate-tui on Linux."""
    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The user's config folder, e.g. ~/.config/kubefate-tui on Linux."""
    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "kubefate.db"


def console_log_path() -> Path:
    """The console's own log (engine failures, tracebacks): nothing of it reaches the screen."""
    return data_dir() / "console.log"


def serve_log_path() -> Path:
    """`kubefate-tui serve`'s log, which it also prints on stderr."""
    return data_dir() / "serve.log"


def secret_path_for(db_path: Path) -> Path:
    """The JWT key lives beside its database: tokens belong to the data they guard."""
    return db_path.with_name(db_path.name + ".jwt-secret")


def admin_password_path_for(db_path: Path) -> Path:
    """Where a generated admin password is written: beside the database it opens."""
    return db_path.with_name(db_path.name + ".admin-password")


def helm_log_path_for(db_path: Path) -> Path:
    """Helm's own output goes beside the database whose clusters it deploys (`--db` names
    where; by default that is the data folder)."""
    return db_path.with_name("helm.log")


def bundled_charts_dir() -> Path:
    """The charts the embedded backend ships with.

    An installed wheel carries them as `backend/bundled_charts/` (setup.py copies the
    repository's top-level `charts/` there); a source checkout or an editable install has no
    such folder and reads `charts/` beside the packages.
    """
    import backend

    package = Path(backend.__file__).resolve().parent
    installed = package / "bundled_charts"
    return installed if installed.is_dir() else package.parent / "charts"
