"""The store: one SQLite file holding users, clusters, charts and jobs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from backend.store.chart_table import ChartTable
from backend.store.cluster_table import ClusterTable
from backend.store.database import connect, immediate_transaction, migrate
from backend.store.database_files import prepare_database_file
from backend.store.errors import StoreError
from backend.store.job_table import JobTable
from backend.store.user_table import UserTable


@dataclass(frozen=True, slots=True)
class Tables:
    """The four tables, bound to one connection."""

    users: UserTable
    clusters: ClusterTable
    charts: ChartTable
    jobs: JobTable

    @classmethod
    def on(cls, connection: aiosqlite.Connection) -> Tables:
        return cls(
            UserTable(connection),
            ClusterTable(connection),
            ChartTable(connection),
            JobTable(connection),
        )


class Store:
    """Open with `await Store.open(path)`; read with `store.read`, write in `store.transaction()`.

    `read` always sees committed data only. Every change happens inside `transaction()`, which
    commits all of its steps or none; transactions of this process run one at a time, and
    those of other processes on the same file wait for SQLite's lock (see database.py).
    """

    def __init__(
        self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection
    ) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self.read = Tables.on(reader)
        self._write_tables = Tables.on(writer)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the database at `path` and bring its schema up to date."""
        path = Path(path).expanduser()
        try:
            prepare_database_file(path)
        except OSError as error:
            raise StoreError(f"cannot create {path}: {error}") from error
        writer = await connect(path)
        try:
            await migrate(writer, path)
            reader = await connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(path, writer, reader)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tables]:
        """All the writes inside the block commit together, or none does."""
        async with self._write_lock, immediate_transaction(self._writer, self.path):
            yield self._write_tables

    async def close(self) -> None:
        async with self._write_lock:
            await self._reader.close()
            await self._writer.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
