"""User accounts: creating, deleting, logging in and out, checking tokens, and the admin made on
first start."""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from backend.auth.passwords import ITERATIONS, hash_password, new_salt, password_matches
from backend.auth.private_files import replace_private
from backend.auth.tokens import (
    NO_LONGER_VALID,
    IssuedToken,
    TokenIssuer,
    TokenRejected,
    new_token_generation,
)
from backend.models import User, UserStatus
from backend.models.account_rules import (
    USERNAME_LIMIT,
    normalised_username,
    password_problem,
    username_problem,
)
from backend.store import Store, StoreConflict

log = logging.getLogger(__name__)

GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters


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
    """What `ensure_admin` did. `generated_password` is set only when the admin was just created
    without a configured password; `summary` never contains it."""

    user: User
    created: bool
    password_reset: bool
    configured: bool  # a password was configured (user.password / FATECLOUD_USER_PASSWORD)
    generated_password: str | None = field(default=None, repr=False)
    password_file: Path | None = None

    def summary(self) -> str:
        """One line for the start-up log: which admin, and what was done to it."""
        name = f"admin account {self.user.username!r}"
        if self.generated_password is not None:
            return (
                f"{name}: created with a generated password, written to {self.password_file} "
                "(readable only by its owner); set FATECLOUD_USER_PASSWORD (user.password) to "
                "choose it instead"
            )
        if self.created:
            return f"{name}: created with the configured password"
        if self.password_reset:
            return f"{name}: password reset to the configured one"
        if self.configured:
            return f"{name}: exists, its password is the configured one"
        return f"{name}: exists, left as it is (no password configured)"


class Accounts:
    """The only code that touches password hashes. Every result is a `User`, which has none."""

    def __init__(
        self, store: Store, issuer: TokenIssuer, *, hash_iterations: int = ITERATIONS
    ) -> None:
        """`hash_iterations`: the PBKDF2 cost, KubeFATE's unless a test asks for less."""
        self._store = store
        self.issuer = issuer
        self._iterations = hash_iterations

    async def _hash(self, password: str, salt: str) -> str:
        """The password's hash, computed off the event loop (it is CPU-bound)."""
        return await asyncio.to_thread(hash_password, password, salt, self._iterations)

    async def _matches(self, password: str, salt: str, expected_hash: str) -> bool:
        """Whether the password hashes to `expected_hash`, checked off the event loop."""
        return await asyncio.to_thread(
            password_matches, password, salt, expected_hash, self._iterations
        )

    # --- sessions ------------------------------------------------------------------------------
    async def login(self, username: str, password: str) -> IssuedToken:
        users = self._store.read.users
        credentials = await users.credentials(username)
        if credentials is None and normalised_username(username) != username:
            # New names are stored NFKC-normalised; old ones exactly as they were made.
            credentials = await users.credentials(normalised_username(username))
        if credentials is None:
            # Spend the same time as a real check, so timing does not reveal which names exist.
            await self._hash(password, new_salt())
            raise LoginFailed()
        matches = await self._matches(password, credentials.salt, credentials.password_hash)
        if not matches:
            raise LoginFailed()
        return self.issuer.issue(credentials.user.username, credentials.token_generation)

    async def authenticate(self, token: str) -> str:
        """The username a token speaks for, checked against the account as it is now: a token
        of a deleted account, or issued before its last logout or password change, is refused
        (TokenRejected, 401). KubeFATE accepts any well-signed token until it expires."""
        claims = self.issuer.verify(token)
        current = await self._store.read.users.token_generation(claims.username)
        if current is None or not hmac.compare_digest(current, claims.generation):
            raise TokenRejected(NO_LONGER_VALID)
        return claims.username

    async def logout(self, token: str) -> bool:
        """End every token of the token's account (a per-account generation cannot tell one
        session from another); False, and nothing changed, if the token is not valid now."""
        try:
            username = await self.authenticate(token)
        except TokenRejected:
            return False
        async with self._store.transaction() as tx:
            return await tx.users.set_token_generation(username, new_token_generation())

    async def issue_token(self, username: str) -> IssuedToken:
        """A token for an existing account without its password (the embedding process acts
        as that user: tests, benchmarks). AccountError if there is no such account."""
        generation = await self._store.read.users.token_generation(username)
        if generation is None:
            raise AccountError(f"username: no account named {username!r}")
        return self.issuer.issue(username, generation)

    # --- accounts ------------------------------------------------------------------------------
    async def create_user(self, username: str, password: str, email: str = "") -> User:
        """A new account, held to the rules of backend.models.account_rules."""
        problem = username_problem(username) or password_problem(password)
        if problem:
            raise AccountError(problem)
        return await self._insert(normalised_username(username), password, email)

    async def _insert(self, username: str, password: str, email: str = "") -> User:
        salt = new_salt()
        password_hash = await self._hash(password, salt)
        user = User(
            uuid=str(uuid.uuid4()), username=username, email=email, status=UserStatus.AVAILABLE
        )
        async with self._store.transaction() as tx:
            try:
                return await tx.users.insert(user, password_hash, salt, new_token_generation())
            except StoreConflict:
                raise UserExists() from None

    async def delete_user(self, user_uuid: str, *, acting_user: str | None = None) -> User | None:
        """Delete for real (as KubeFATE does); None if there was no such user. The account's
        tokens go with it.

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
        """Change a user's email and/or password (hashed again with a fresh salt, and the
        account's earlier tokens ended); None if there is no such user. KubeFATE's update
        re-hashes with the salt sent by the client, usually empty, which breaks that user's
        login (§1.5.3)."""
        if password is not None and (problem := password_problem(password)):
            raise AccountError(problem)
        new_credentials: tuple[str, str] | None = None
        if password is not None:
            salt = new_salt()
            new_credentials = (await self._hash(password, salt), salt)
        async with self._store.transaction() as tx:
            if await tx.users.get(user_uuid) is None:
                return None
            if email is not None:
                await tx.users.set_email(user_uuid, email)
            if new_credentials is not None:
                await tx.users.set_password(user_uuid, *new_credentials, new_token_generation())
            return await tx.users.get(user_uuid)

    # --- the configured admin ------------------------------------------------------------------
    async def ensure_admin(
        self, username: str, password: str | None, password_file: Path
    ) -> AdminOutcome:
        """Make sure the admin account exists, and log what was done (never the password).

        * No such account: create it with `password`; with none configured, with a random
          password written to `password_file` (mode 0600) and returned once in the outcome.
        * It exists and `password` is None: leave it exactly as it is. (KubeFATE deletes and
          re-creates it at every start with the configured password, default `admin`, §7.2,
          which silently undid any password change.)
        * It exists and `password` is set: reset its password if it no longer matches.
        """
        check_configured_admin(username, password)
        credentials = await self._store.read.users.credentials(username)
        if credentials is None:
            outcome = await self._create_admin(username, password, password_file)
        elif password is None:
            outcome = AdminOutcome(
                credentials.user, created=False, password_reset=False, configured=False
            )
        elif await self._matches(password, credentials.salt, credentials.password_hash):
            outcome = AdminOutcome(
                credentials.user, created=False, password_reset=False, configured=True
            )
        else:
            salt = new_salt()
            password_hash = await self._hash(password, salt)
            async with self._store.transaction() as tx:
                await tx.users.set_password(
                    credentials.user.uuid, password_hash, salt, new_token_generation()
                )
            outcome = AdminOutcome(
                credentials.user, created=False, password_reset=True, configured=True
            )
        log.info("%s", outcome.summary())
        return outcome

    async def _create_admin(
        self, username: str, password: str | None, password_file: Path
    ) -> AdminOutcome:
        generated = password is None
        chosen = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES) if password is None else password
        salt = new_salt()
        password_hash = await self._hash(chosen, salt)
        user = User(
            uuid=str(uuid.uuid4()), username=username, email="", status=UserStatus.AVAILABLE
        )
        async with self._store.transaction() as tx:
            # Inside the write lock, which other processes on this database wait for too: if
            # one created the admin meanwhile, its password (and file) stand.
            existing = await tx.users.by_name(username)
            if existing is not None:
                return AdminOutcome(
                    existing, created=False, password_reset=False, configured=not generated
                )
            if generated:  # the file first: an account whose password nobody knows is useless
                await asyncio.to_thread(
                    replace_private, password_file, (chosen + "\n").encode("utf-8")
                )
            created = await tx.users.insert(user, password_hash, salt, new_token_generation())
        return AdminOutcome(
            created,
            created=True,
            password_reset=False,
            configured=not generated,
            generated_password=chosen if generated else None,
            password_file=password_file if generated else None,
        )


def check_configured_admin(username: str, password: str | None) -> None:
    """AccountError when no account can have this configured name and password (empty, too
    long). Only these limits: the admin is made as KubeFATE's manifests configure it."""
    if not username.strip():
        raise AccountError("username: must not be empty")
    if len(username) > USERNAME_LIMIT:
        raise AccountError(f"username: at most {USERNAME_LIMIT} characters")
    if password is not None and not password:
        raise AccountError("password: must not be empty")
