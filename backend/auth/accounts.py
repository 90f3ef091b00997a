"""User accounts: creating, deleting, logging in, and the admin made on first start."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from backend.auth.passwords import hash_password, new_salt, password_matches
from backend.auth.tokens import IssuedToken, TokenIssuer
from backend.models import User, UserStatus
from backend.store import Store, StoreConflict


class LoginFailed(Exception):
    """Unknown user or wrong password; deliberately not saying which."""

    def __init__(self) -> None:
        super().__init__("incorrect Username or Password")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with the reason."""


class UserExists(AccountError):
    def __init__(self) -> None:
        super().__init__("User is existed.")  # KubeFATE's words for this case (§1.5.3)


@dataclass(frozen=True, slots=True)
class AdminOutcome:
    """What `ensure_admin` did, for the start-up log."""

    user: User
    created: bool
    password_reset: bool


class Accounts:
    """The only code that touches password hashes. Every result is a `User`, which has none."""

    def __init__(self, store: Store, issuer: TokenIssuer) -> None:
        self._store = store
        self.issuer = issuer

    async def login(self, username: str, password: str) -> IssuedToken:
        credentials = await self._store.read.users.credentials(username)
        if credentials is None:
            # Spend the same time as a real check, so timing does not reveal which names exist.
            await asyncio.to_thread(hash_password, password, new_salt())
            raise LoginFailed()
        matches = await asyncio.to_thread(
            password_matches, password, credentials.salt, credentials.password_hash
        )
        if not matches:
            raise LoginFailed()
        return self.issuer.issue(username)

    async def create_user(self, username: str, password: str, email: str = "") -> User:
        check_account(username, password)
        salt = new_salt()
        password_hash = await asyncio.to_thread(hash_password, password, salt)
        user = User(
            uuid=str(uuid.uuid4()), username=username, email=email, status=UserStatus.AVAILABLE
        )
        async with self._store.transaction() as tx:
            try:
                return await tx.users.insert(user, password_hash, salt)
            except StoreConflict:
                raise UserExists() from None

    async def delete_user(self, user_uuid: str, *, acting_user: str | None = None) -> User | None:
        """Delete for real (as KubeFATE does); None if there was no such user.

        Deleting the account you are logged in with would lock you out: refused.
        """
        async with self._store.transaction() as tx:
            user = await tx.users.get(user_uuid)
            if user is None:
                return None
            if acting_user is not None and user.username == acting_user:
                raise AccountError("you cannot delete the account you are logged in with")
            await tx.users.delete(user_uuid)
            return user

    async def update_user(
        self, user_uuid: str, *, email: str | None = None, password: str | None = None
    ) -> User | None:
        """Change a user's email and/or password (hashed again with a fresh salt); None if
        there is no such user. KubeFATE's update re-hashes with the salt sent by the client,
        usually empty, which breaks that user's login (§1.5.3)."""
        if password is not None and not password:
            raise AccountError("password: must not be empty")
        new_credentials: tuple[str, str] | None = None
        if password is not None:
            salt = new_salt()
            new_credentials = (await asyncio.to_thread(hash_password, password, salt), salt)
        async with self._store.transaction() as tx:
            if await tx.users.get(user_uuid) is None:
                return None
            if email is not None:
                await tx.users.set_email(user_uuid, email)
            if new_credentials is not None:
                await tx.users.set_password(user_uuid, *new_credentials)
            return await tx.users.get(user_uuid)

    async def ensure_admin(self, username: str, password: str) -> AdminOutcome:
        """Create the admin on first start; later, only reset its password if the configured
        one no longer matches (KubeFATE deletes and re-creates it at every start, §7.2, which
        changes its uuid; we keep the account and honour a changed FATECLOUD_USER_PASSWORD)."""
        check_account(username, password)
        credentials = await self._store.read.users.credentials(username)
        if credentials is None:
            try:
                user = await self.create_user(username, password)
            except UserExists:  # another process created it a moment ago
                return await self.ensure_admin(username, password)
            return AdminOutcome(user, created=True, password_reset=False)
        if await asyncio.to_thread(
            password_matches, password, credentials.salt, credentials.password_hash
        ):
            return AdminOutcome(credentials.user, created=False, password_reset=False)
        salt = new_salt()
        password_hash = await asyncio.to_thread(hash_password, password, salt)
        async with self._store.transaction() as tx:
            await tx.users.set_password(credentials.user.uuid, password_hash, salt)
        return AdminOutcome(credentials.user, created=False, password_reset=True)


def check_account(username: str, password: str) -> None:
    """AccountError when no account can have this name and password (empty, too long...)."""
    if not username.strip():
        raise AccountError("username: must not be empty")
    if len(username) > 255:
        raise AccountError("username: at most 255 characters")
    if not password:
        raise AccountError("password: must not be empty")
