"""SQLite persistence of users, clusters, charts and jobs (aiosqlite, WAL, migrations)."""

from backend.store.errors import StoreBusy, StoreConflict, StoreError, StoreIncompatible
from backend.store.store import Store, Tables
from backend.store.user_table import Credentials

__all__ = [
    "Credentials",
    "Store",
    "StoreBusy",
    "StoreConflict",
    "StoreError",
    "StoreIncompatible",
    "Tables",
]
