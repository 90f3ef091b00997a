"""Queries on `users`. Users are deleted for real (KubeFATE does too, §2.1)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from backend.models import User, UserStatus
from backend.store.columns import record_of
from backend.store.table import Table


@dataclass(frozen=True, slots=True)
class Credentials:
    """What only the auth module reads: the PBKDF2 hash and its salt."""

    user: User
    password_hash: str
    salt: str


class UserTable(Table[User]):
    TABLE = "users"
    # The secret columns are named only in `credentials`, so no other query can return them.
    COLUMNS = "id, uuid, username, email, status, created_at, updated_at"

    def _model(self, row: sqlite3.Row) -> User:
        return User(
            uuid=row["uuid"],
            username=row["username"],
            email=row["email"],
            status=UserStatus.from_code(row["status"]),
            record=record_of(row),
        )

    async def insert(self, user: User, password_hash: str, salt: str) -> User:
        columns = {
            "uuid": user.uuid,
            "username": user.username,
            "password_hash": password_hash,
            "salt": salt,
            "email": user.email,
            "status": user.status.code,
        }
        return await self._insert(columns, lambda _: f"user {user.username!r} already exists")

    async def get(self, uuid: str) -> User | None:
        return await self._one("uuid = ?", uuid)

    async def by_name(self, username: str) -> User | None:
        return await self._one("username = ?", username)

    async def list_all(self) -> list[User]:
        return await self._many()

    async def credentials(self, username: str) -> Credentials | None:
        sql = f"SELECT {self.COLUMNS}, password_hash, salt FROM users WHERE username = ?"
        async with self._db.execute(sql, (username,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Credentials(self._model(row), row["password_hash"], row["salt"])

    async def set_password(self, uuid: str, password_hash: str, salt: str) -> bool:
        return await self._update(uuid, {"password_hash": password_hash, "salt": salt})

    async def set_email(self, uuid: str, email: str) -> bool:
        return await self._update(uuid, {"email": email})

    async def delete(self, uuid: str) -> bool:
        cursor = await self._db.execute("DELETE FROM users WHERE uuid = ?", (uuid,))
        return cursor.rowcount > 0
