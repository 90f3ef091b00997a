"""Passwords as KubeFATE hashes them, tokens that survive restarts, and no hash ever handed out."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import stat
from dataclasses import fields
from datetime import timedelta
from pathlib import Path

import jwt
import pytest

from backend.auth import (
    AccountError,
    Accounts,
    LoginFailed,
    SecretFileError,
    TokenIssuer,
    TokenRejected,
    load_or_create_secret,
)
from backend.auth.passwords import (
    SALT_ALPHABET,
    hash_password,
    new_salt,
    password_matches,
)
from backend.auth.tokens import SignedClaims
from backend.models import User
from backend.models.wire import now
from backend.store import Store

NO_LONGER_VALID = "token is no longer valid"


def _pbkdf2_by_hand(password: bytes, salt: bytes, iterations: int, length: int) -> bytes:
    """RFC 8018 PBKDF2 written out with plain HMAC, to check our parameters independently."""
    blocks = []
    for index in range(1, -(-length // 32) + 1):
        u = hmac.new(password, salt + index.to_bytes(4, "big"), hashlib.sha256).digest()
        block = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = hmac.new(password, u, hashlib.sha256).digest()
            block ^= int.from_bytes(u, "big")
        blocks.append(block.to_bytes(32, "big"))
    return b"".join(blocks)[:length]


@pytest.mark.slow
def test_hash_is_kubefates_pbkdf2_sha256_100000_rounds_256_bytes_hex() -> None:
    expected = _pbkdf2_by_hand(b"admin", b"salt-from-kubefate", 100_000, 256).hex()
    assert hash_password("admin", "salt-from-kubefate") == expected
    assert len(expected) == 512


def test_salts_are_128_characters_of_kubefates_alphabet() -> None:
    salts = {new_salt() for _ in range(20)}
    assert len(salts) == 20
    assert all(len(salt) == 128 and set(salt) <= set(SALT_ALPHABET) for salt in salts)


def test_password_check() -> None:
    stored = hash_password("right", "s" * 128)
    assert password_matches("right", "s" * 128, stored)
    assert password_matches("right", "s" * 128, stored.upper())  # hex case does not matter
    assert not password_matches("wrong", "s" * 128, stored)


def test_secret_file_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "jwt-secret"
    first = load_or_create_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first
    assert len(first) >= 32
    assert [p.name for p in path.parent.iterdir()] == ["jwt-secret"]  # no temporary left


def test_a_loosened_secret_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "jwt-secret"
    load_or_create_secret(path)
    os.chmod(path, 0o644)
    load_or_create_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_secret_file_others_may_write_is_refused(tmp_path: Path) -> None:
    """Whoever can write the key can mint a token for any account: such a file is not used
    (it used to be chmod-ed back to 0600 and trusted)."""
    path = tmp_path / "jwt-secret"
    first = load_or_create_secret(path)
    for loose in (0o622, 0o660):
        os.chmod(path, loose)
        with pytest.raises(SecretFileError, match="writable by other users"):
            load_or_create_secret(path)
    os.chmod(path, 0o600)
    assert load_or_create_secret(path) == first


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_secret_file_another_user_owns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "jwt-secret"
    load_or_create_secret(path)
    os.chown(path, 65534, 65534)
    with pytest.raises(SecretFileError, match="belongs to user id 65534"):
        load_or_create_secret(path)


def test_a_truncated_secret_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "jwt-secret"
    path.write_bytes(b"short")
    with pytest.raises(SecretFileError, match="too short"):
        load_or_create_secret(path)


def test_token_claims_are_kubefates() -> None:
    issuer = TokenIssuer(b"k" * 48)
    issued = issuer.issue("admin", "g1")
    header = jwt.get_unverified_header(issued.token)
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert set(claims) == {"id", "exp", "orig_iat", "gen"}  # KubeFATE's three, and ours
    assert claims["id"] == "admin"
    assert claims["exp"] - claims["orig_iat"] == 30 * 60
    assert issuer.verify(issued.token) == SignedClaims("admin", "g1")


def test_expired_token_is_rejected() -> None:
    issuer = TokenIssuer(b"k" * 48, lifetime=timedelta(minutes=30))
    stale = issuer.issue("admin", "g", at=now() - timedelta(minutes=31))
    with pytest.raises(TokenRejected, match="Token is expired") as caught:
        issuer.verify(stale.token)
    assert caught.value.status == 401


def test_configured_lifetime_is_used() -> None:
    issuer = TokenIssuer(b"k" * 48, lifetime=timedelta(seconds=5))
    issued = issuer.issue("admin", "g", at=now() - timedelta(seconds=6))
    with pytest.raises(TokenRejected):
        issuer.verify(issued.token)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampered_tokens_are_rejected(part: int) -> None:
    issuer = TokenIssuer(b"k" * 48)
    pieces = issuer.issue("admin", "g").token.split(".")
    forged = jwt.encode(
        {"id": "root", "exp": 4102444800}, b"o" * 48, algorithm="HS256", headers={"kid": "forged"}
    )
    pieces[part] = forged.split(".")[part]
    with pytest.raises(TokenRejected) as caught:
        issuer.verify(".".join(pieces))
    assert caught.value.status == 401


def test_a_token_signed_with_another_key_is_rejected() -> None:
    token = TokenIssuer(b"a" * 48).issue("admin", "g").token
    with pytest.raises(TokenRejected, match="signature is invalid"):
        TokenIssuer(b"b" * 48).verify(token)


def test_token_without_exp_or_identity_gets_kubefates_answers() -> None:
    key = b"k" * 48
    no_exp = jwt.encode({"id": "admin"}, key, algorithm="HS256")
    no_id = jwt.encode({"exp": 4102444800}, key, algorithm="HS256")
    with pytest.raises(TokenRejected, match="missing exp field") as missing:
        TokenIssuer(key).verify(no_exp)
    with pytest.raises(TokenRejected, match="permission") as anonymous:
        TokenIssuer(key).verify(no_id)
    assert (missing.value.status, anonymous.value.status) == (400, 403)


def test_garbage_is_rejected_without_a_traceback() -> None:
    with pytest.raises(TokenRejected, match="malformed"):
        TokenIssuer(b"k" * 48).verify("not-a-token")


async def test_login_and_failures(store: Store) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    await accounts.create_user("alice", "wonderland", "alice@example.com")
    issued = await accounts.login("alice", "wonderland")
    assert await accounts.authenticate(issued.token) == "alice"
    for username, password in (("alice", "nope"), ("mallory", "wonderland"), ("alice", "")):
        with pytest.raises(LoginFailed, match="incorrect Username or Password"):
            await accounts.login(username, password)


async def test_admin_is_created_once_and_keeps_its_identity(store: Store, tmp_path: Path) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    first = await accounts.ensure_admin("admin", "admin", tmp_path / "pw")
    again = await accounts.ensure_admin("admin", "admin", tmp_path / "pw")
    assert first.created and not again.created and not again.password_reset
    assert again.user.uuid == first.user.uuid
    assert len(await store.read.users.list_all()) == 1


async def test_a_changed_admin_password_in_config_takes_effect(
    store: Store, tmp_path: Path
) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    created = await accounts.ensure_admin("admin", "old-password", tmp_path / "pw")
    old_token = (await accounts.issue_token("admin")).token
    outcome = await accounts.ensure_admin("admin", "new-password", tmp_path / "pw")
    assert outcome.password_reset and outcome.user.uuid == created.user.uuid
    await accounts.login("admin", "new-password")
    with pytest.raises(LoginFailed):
        await accounts.login("admin", "old-password")
    with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
        await accounts.authenticate(old_token)
    assert not (tmp_path / "pw").exists()  # nothing generated: nothing written


def test_the_user_type_has_no_field_for_a_secret() -> None:
    names = {field.name for field in fields(User)}
    assert not names & {"password", "password_hash", "salt", "hash"}


async def test_tokens_end_with_logout_password_change_and_deletion(store: Store) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    alice = await accounts.create_user("alice", "wonderland")
    first, second = [(await accounts.issue_token("alice")).token for _ in range(2)]
    assert await accounts.logout(first)
    for token in (first, second):  # one generation per account: every session ends
        with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
            await accounts.authenticate(token)
    assert not await accounts.logout(first)  # already ended: nothing to do

    token = (await accounts.issue_token("alice")).token
    await accounts.update_user(alice.uuid, email="alice@example.com")  # not the password
    assert await accounts.authenticate(token) == "alice"
    await accounts.update_user(alice.uuid, password="looking-glass")
    with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
        await accounts.authenticate(token)

    token = (await accounts.issue_token("alice")).token
    await accounts.delete_user(alice.uuid)
    with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
        await accounts.authenticate(token)
    await accounts.create_user("alice", "wonderland")  # the same name, another account
    with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
        await accounts.authenticate(token)


async def test_a_token_without_a_generation_is_refused(store: Store) -> None:
    """Tokens issued before generations existed (or by KubeFATE with the same key)."""
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    await accounts.create_user("alice", "wonderland")
    bare = jwt.encode({"id": "alice", "exp": 4_102_444_800}, b"k" * 48, algorithm="HS256")
    with pytest.raises(TokenRejected, match=NO_LONGER_VALID):
        await accounts.authenticate(bare)


@pytest.mark.parametrize(
    ("username", "password", "problem"),
    [
        ("bob smith", "long-enough", "username: must not contain spaces"),
        ("bob\tsmith", "long-enough", "username: must not contain spaces"),
        ("bob\x1b[2J", "long-enough", "control or invisible characters (U+001B)"),
        ("bob\u202e", "long-enough", "control or invisible characters (U+202E)"),
        ("bob\u200b", "long-enough", "control or invisible characters (U+200B)"),
        ("", "long-enough", "username: must not be empty"),
        ("b" * 256, "long-enough", "username: at most 255 characters"),
        ("bob", "", "password: must not be empty"),
        ("bob", "seven-7", "password: at least 8 characters"),
    ],
)
async def test_new_accounts_follow_the_rules(
    store: Store, username: str, password: str, problem: str
) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    with pytest.raises(AccountError, match=re.escape(problem)):
        await accounts.create_user(username, password)
    assert await store.read.users.list_all() == []


async def test_new_usernames_are_nfkc_normalised(store: Store) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    created = await accounts.create_user("\uff42\uff4f\uff42", "long-enough")  # full-width bob
    assert created.username == "bob"
    with pytest.raises(AccountError, match="User is existed"):
        await accounts.create_user("bob", "long-enough")
    for typed in ("bob", "\uff42\uff4f\uff42"):
        assert (await accounts.login(typed, "long-enough")).username == "bob"


async def test_existing_accounts_and_the_configured_admin_keep_kubefates_leeway(
    store: Store, tmp_path: Path
) -> None:
    """KubeFATE's manifests configure admin/admin; a users table from KubeFATE may hold names
    and passwords the rules would refuse today: they still log in."""
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    await accounts.ensure_admin("admin", "admin", tmp_path / "pw")
    assert (await accounts.login("admin", "admin")).username == "admin"
    salt = new_salt()
    async with store.transaction() as tx:
        legacy = User(uuid="u-legacy", username="old timer", email="")
        await tx.users.insert(legacy, hash_password("pw", salt), salt, "g-legacy")
    assert (await accounts.login("old timer", "pw")).username == "old timer"
    with pytest.raises(AccountError, match="at least 8"):
        await accounts.update_user("u-legacy", password="pw2")  # a new password: the rules


async def test_an_unset_admin_password_leaves_an_existing_admin_alone(
    store: Store, tmp_path: Path
) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    created = await accounts.ensure_admin("admin", "configured-once", tmp_path / "pw")
    await accounts.update_user(created.user.uuid, password="changed-since")
    token = (await accounts.issue_token("admin")).token
    outcome = await accounts.ensure_admin("admin", None, tmp_path / "pw")
    assert not (outcome.created or outcome.password_reset or outcome.generated_password)
    assert (
        outcome.summary() == "admin account 'admin': exists, left as it is (no password configured)"
    )
    assert await accounts.authenticate(token) == "admin"
    await accounts.login("admin", "changed-since")
    assert not (tmp_path / "pw").exists()


async def test_a_new_admin_without_a_password_gets_a_random_one_in_a_private_file(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    password_file = tmp_path / "kubefate.db.admin-password"
    outcome = await accounts.ensure_admin("admin", None, password_file)
    password = outcome.generated_password
    assert outcome.created and password is not None and len(password) >= 20
    assert password_file.read_text() == password + "\n"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert (await accounts.login("admin", password)).username == "admin"
    with pytest.raises(LoginFailed):
        await accounts.login("admin", "admin")
    lines = [record.getMessage() for record in caplog.records]
    assert any("admin account 'admin': created with a generated password" in line
               and str(password_file) in line for line in lines), lines  # fmt: skip
    assert not any(password in line for line in lines) and password not in repr(outcome)
    # The next start without a password keeps it (and does not write the file again).
    password_file.unlink()
    again = await accounts.ensure_admin("admin", None, password_file)
    assert not again.created and again.generated_password is None
    assert not password_file.exists()
    await accounts.login("admin", password)
