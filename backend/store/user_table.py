"""Queries on `users`. Users are deleted for real (KubeFATE does too, §2.1)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from backend.models import User, UserStatus
from backend.store.columns import record_of
from backend.store.table import Table


@dataclass(frozen=True, slots=True)
class Credentials:
    """What only the auth module reads: the PBKDF2 hash, its salt, and the generation the
    account's tokens must carry."""

    user: User
    password_hash: str
    salt: str
    token_generation: str


class UserTable(Table[User]):
    TABLE = "users"
    # The secret columns are named only in `credentials` and `token_generation`, so no other
    # query can return them.
    COLUMNS = "id, uuid, username, email, status, created_at, updated_at"

    def _model(self, row: sqlite3.Row) -> User:
        return User(
            uuid=row["uuid"],
            username=row["username"],
            email=row["email"],
            status=UserStatus.from_code(row["status"]),
            record=record_of(row),
        )

    async def insert(
        self, user: User, password_hash: str, salt: str, token_generation: str
    ) -> User:
        columns = {
            "uuid": user.uuid,
            "username": user.username,
            "password_hash": password_hash,
            "salt": salt,
            "token_generation": token_generation,
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
        sql = (
            f"SELECT {self.COLUMNS}, password_hash, salt, token_generation FROM users "
            "WHERE username = ?"
        )
        async with self._db.execute(sql, (username,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Credentials(
            self._model(row), row["password_hash"], row["salt"], row["token_generation"]
        )

    async def token_generation(self, username: str) -> str | None:
        """The generation the account's tokens must carry; None if there is no such account."""
        sql = "SELECT token_generation FROM users WHERE username = ?"
        async with self._db.execute(sql, (username,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else str(row["token_generation"])

    async def set_password(
        self, uuid: str, password_hash: str, salt: str, token_generation: str
    ) -> bool:
        """A new password, and a new token generation with it: the old tokens stop working."""
        columns = {"password_hash": password_hash, "salt": salt}
        return await self._update(uuid, {**columns, "token_generation": token_generation})

    async def set_token_generation(self, username: str, token_generation: str) -> bool:
        """End every token issued to `username` so far (logout)."""
        cursor = await self._db.execute(
            "UPDATE users SET token_generation = ? WHERE username = ?",
            (token_generation, username),
        )
        return cursor.rowcount > 0

    async def set_email(self, uuid: str, email: str) -> bool:
        return await self._update(uuid, {"email": email})

    async def delete(self, uuid: str) -> bool:
        cursor = await self._db.execute("DELETE FROM users WHERE uuid = ?", (uuid,))
        return cursor.rowcount > 0
