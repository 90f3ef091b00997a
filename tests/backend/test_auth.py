"""Passwords as KubeFATE hashes them, tokens that survive restarts, and no hash ever handed out."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from dataclasses import fields
from datetime import timedelta
from pathlib import Path

import jwt
import pytest

from backend.auth import (
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
from backend.models import User
from backend.models.wire import now
from backend.store import Store


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


def test_a_truncated_secret_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "jwt-secret"
    path.write_bytes(b"short")
    with pytest.raises(SecretFileError, match="too short"):
        load_or_create_secret(path)


def test_token_claims_are_kubefates() -> None:
    issuer = TokenIssuer(b"k" * 48)
    issued = issuer.issue("admin")
    header = jwt.get_unverified_header(issued.token)
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert set(claims) == {"id", "exp", "orig_iat"}
    assert claims["id"] == "admin"
    assert claims["exp"] - claims["orig_iat"] == 30 * 60
    assert issuer.verify(issued.token) == "admin"


def test_expired_token_is_rejected() -> None:
    issuer = TokenIssuer(b"k" * 48, lifetime=timedelta(minutes=30))
    stale = issuer.issue("admin", at=now() - timedelta(minutes=31))
    with pytest.raises(TokenRejected, match="Token is expired") as caught:
        issuer.verify(stale.token)
    assert caught.value.status == 401


def test_configured_lifetime_is_used() -> None:
    issuer = TokenIssuer(b"k" * 48, lifetime=timedelta(seconds=5))
    issued = issuer.issue("admin", at=now() - timedelta(seconds=6))
    with pytest.raises(TokenRejected):
        issuer.verify(issued.token)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampered_tokens_are_rejected(part: int) -> None:
    issuer = TokenIssuer(b"k" * 48)
    pieces = issuer.issue("admin").token.split(".")
    forged = jwt.encode(
        {"id": "root", "exp": 4102444800}, b"o" * 48, algorithm="HS256", headers={"kid": "forged"}
    )
    pieces[part] = forged.split(".")[part]
    with pytest.raises(TokenRejected) as caught:
        issuer.verify(".".join(pieces))
    assert caught.value.status == 401


def test_a_token_signed_with_another_key_is_rejected() -> None:
    token = TokenIssuer(b"a" * 48).issue("admin").token
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
    assert accounts.issuer.verify(issued.token) == "alice"
    for username, password in (("alice", "nope"), ("mallory", "wonderland"), ("alice", "")):
        with pytest.raises(LoginFailed, match="incorrect Username or Password"):
            await accounts.login(username, password)


async def test_admin_is_created_once_and_keeps_its_identity(store: Store) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    first = await accounts.ensure_admin("admin", "admin")
    again = await accounts.ensure_admin("admin", "admin")
    assert first.created and not again.created and not again.password_reset
    assert again.user.uuid == first.user.uuid
    assert len(await store.read.users.list_all()) == 1


async def test_a_changed_admin_password_in_config_takes_effect(store: Store) -> None:
    accounts = Accounts(store, TokenIssuer(b"k" * 48))
    created = await accounts.ensure_admin("admin", "old-password")
    outcome = await accounts.ensure_admin("admin", "new-password")
    assert outcome.password_reset and outcome.user.uuid == created.user.uuid
    await accounts.login("admin", "new-password")
    with pytest.raises(LoginFailed):
        await accounts.login("admin", "old-password")


def test_the_user_type_has_no_field_for_a_secret() -> None:
    names = {field.name for field in fields(User)}
    assert not names & {"password", "password_hash", "salt", "hash"}
