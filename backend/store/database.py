"""Opening the SQLite file: pragmas, migrations, and the transaction discipline.

Two connections per process. Writes go through one, always inside `BEGIN IMMEDIATE`, one
transaction at a time (an asyncio lock), so a multi-step change is all-or-nothing and a reader
never sees half of it. Reads go through the other; in WAL mode they see the last committed state
and never wait for a writer.

Sharing the file with another process (the console and `kubefate-tui serve`, say) is safe: SQLite's
own file locks serialise the writers. `BEGIN IMMEDIATE` takes the write lock up front, so two
processes never deadlock upgrading read locks; a writer waits up to `busy_timeout` for the other
to commit, then fails with `StoreBusy` and nothing written. Readers in either process are never
blocked. The file must be on a local disk: SQLite's locking is unreliable on network file systems.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Final

import aiosqlite

from backend.store.errors import StoreBusy, StoreConflict, StoreIncompatible
from backend.store.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS: Final = 10_000


async def connect(path: Path) -> aiosqlite.Connection:
    """A connection with our pragmas; autocommit so that we control every transaction."""
    try:
        connection = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreIncompatible(f"cannot open database {path}: {error}") from error
    connection.row_factory = sqlite3.Row
    try:
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA foreign_keys = ON")
        await _enable_wal(connection, path)
    except sqlite3.DatabaseError as error:
        await connection.close()
        raise StoreIncompatible(f"{path} is not a kubefate-tui database: {error}") from error
    return connection


async def _enable_wal(connection: aiosqlite.Connection, path: Path) -> None:
    async with connection.execute("PRAGMA journal_mode = WAL") as cursor:
        row = await cursor.fetchone()
    if row is None or str(row[0]).lower() != "wal":
        raise StoreIncompatible(f"cannot switch {path} to WAL mode (got {row and row[0]})")
    # NORMAL is durable in WAL mode except for the last commits on power loss, never corrupt.
    await connection.execute("PRAGMA synchronous = NORMAL")


async def migrate(connection: aiosqlite.Connection, path: Path) -> int:
    """Apply the migrations this file lacks, all in one transaction; return the new version."""
    async with immediate_transaction(connection, path):
        async with connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreIncompatible(
                f"{path} was written by a newer kubefate-tui (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade kubefate-tui or use another --db"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            await _run_script(connection, MIGRATIONS[number - 1])
        # user_version cannot be bound as a parameter; the value is our own integer.
        await connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return SCHEMA_VERSION


async def _run_script(connection: aiosqlite.Connection, script: str) -> None:
    # executescript() would COMMIT our open transaction first; run statement by statement.
    for statement in script.split(";"):
        if statement.strip() and not _only_comments(statement):
            await connection.execute(statement)


def _only_comments(statement: str) -> bool:
    return all(line.strip().startswith("--") or not line.strip() for line in statement.splitlines())


@asynccontextmanager
async def immediate_transaction(
    connection: aiosqlite.Connection, path: Path
) -> AsyncIterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception, SQLite errors translated."""
    try:
        await connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _translate(error, path) from error
    try:
        yield
    except BaseException:
        await connection.rollback()
        raise
    try:
        await connection.commit()
    except sqlite3.OperationalError as error:
        await connection.rollback()
        raise _translate(error, path) from error


def _translate(error: sqlite3.Error, path: Path) -> Exception:
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreBusy(
            f"the database {path} stayed locked by another process for "
            f"{BUSY_TIMEOUT_MS // 1000} s; nothing was written, try again"
        )
    if isinstance(error, sqlite3.IntegrityError):
        return StoreConflict(text)
    return error
