"""The database's folder and file, made private when this code creates them.

The file holds password hashes and every cluster's cluster.yaml (with whatever credentials its
values carry). SQLite creates a new database as 0644 (less the umask), and its `-wal` and
`-shm` files with the database file's own mode; so the file is created here first, 0600, and
the three stay private. The folder it is created in is made 0700; the default data folder (ours
by name) is tightened to 0700 if an earlier version left it open.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Final

from backend.paths import data_dir

PRIVATE_FILE: Final = 0o600
PRIVATE_FOLDER: Final = 0o700


def prepare_database_file(path: Path) -> None:
    """Create `path`'s folder (0700) and an empty `path` (0600) unless they exist; SQLite
    treats an empty file as a new database. OSError if that cannot be done."""
    folder = path.parent
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if folder.resolve() == data_dir().resolve():
        _tighten_own_folder(folder)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def _tighten_own_folder(folder: Path) -> None:
    status = folder.stat()
    if status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) & 0o077:
        folder.chmod(PRIVATE_FOLDER)
