"""What every table class shares: turning rows into models, one or many."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

import aiosqlite

from backend.models.wire import now
from backend.store.columns import time_column
from backend.store.errors import StoreConflict

Model = TypeVar("Model")
ConflictReason = Callable[[sqlite3.IntegrityError], str]


class Table(Generic[Model]):
    """A table bound to one connection (the reader's, or a transaction's)."""

    TABLE: ClassVar[str]
    COLUMNS: ClassVar[str] = "*"

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    def _model(self, row: sqlite3.Row) -> Model:
        raise NotImplementedError

    async def _one(self, where: str, *params: Any) -> Model | None:
        sql = f"SELECT {self.COLUMNS} FROM {self.TABLE} WHERE {where}"
        async with self._db.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return None if row is None else self._model(row)

    async def _many(self, where: str = "1", *params: Any, order: str = "id") -> list[Model]:
        sql = f"SELECT {self.COLUMNS} FROM {self.TABLE} WHERE {where} ORDER BY {order}"
        async with self._db.execute(sql, params) as cursor:
            return [self._model(row) async for row in cursor]

    async def _require(self, where: str, *params: Any) -> Model:
        found = await self._one(where, *params)
        if found is None:
            raise StoreConflict(f"{self.TABLE}: no row where {where} {params}")
        return found

    async def _insert(self, columns: dict[str, Any], conflict: ConflictReason) -> Model:
        """INSERT a new row (timestamps added) and return it as stored.

        A broken constraint becomes StoreConflict with the words `conflict` finds for it.
        """
        columns = stamped(columns, created=True)
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {self.TABLE} ({names}) VALUES ({marks})"
        try:
            cursor = await self._db.execute(sql, tuple(columns.values()))
        except sqlite3.IntegrityError as error:
            raise StoreConflict(conflict(error)) from error
        row_id = cursor.lastrowid
        await cursor.close()
        return await self._require("id = ?", row_id)

    async def _update(
        self, uuid: str, columns: dict[str, Any], conflict: ConflictReason | None = None
    ) -> bool:
        """UPDATE the row `uuid` (updated_at added); False if there is no such row."""
        columns = stamped(columns, created=False)
        sets = ", ".join(f"{name} = ?" for name in columns)
        sql = f"UPDATE {self.TABLE} SET {sets} WHERE uuid = ?"
        try:
            cursor = await self._db.execute(sql, (*columns.values(), uuid))
        except sqlite3.IntegrityError as error:
            raise StoreConflict(conflict(error) if conflict else str(error)) from error
        return cursor.rowcount > 0

    async def _save(self, uuid: str, columns: dict[str, Any], conflict: ConflictReason) -> Model:
        """UPDATE a row that must exist and return it as stored."""
        if not await self._update(uuid, columns, conflict):
            raise StoreConflict(f"{self.TABLE}: {uuid} does not exist")
        return await self._require("uuid = ?", uuid)

    async def _soft_delete(self, uuid: str, **extra: Any) -> bool:
        """KubeFATE's soft delete (§2.1): keep the row, set `deleted_at`; False if not live."""
        stamp = time_column(now())
        sets = ", ".join(["deleted_at = ?", "updated_at = ?", *(f"{k} = ?" for k in extra)])
        cursor = await self._db.execute(
            f"UPDATE {self.TABLE} SET {sets} WHERE uuid = ? AND deleted_at IS NULL",
            (stamp, stamp, *extra.values(), uuid),
        )
        return cursor.rowcount > 0


def stamped(columns: dict[str, Any], *, created: bool) -> dict[str, Any]:
    """The columns plus `updated_at` (and `created_at` for a new row) set to now."""
    stamp = time_column(now())
    extra = {"created_at": stamp, "updated_at": stamp} if created else {"updated_at": stamp}
    return {**columns, **extra}
