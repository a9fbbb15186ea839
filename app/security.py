"""Password hashing, random tokens (stored only as hashes) and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.config import get_settings


@lru_cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Verifies; with no stored hash, still spends the time so timing does not reveal accounts."""
    if password_hash is None:
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are high-entropy, so a plain SHA-256 is enough and allows lookups by hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def secret_key() -> str:
    """The app's SECRET_KEY, for features that derive keys of their own from it."""
    return get_settings().effective_secret_key()


def keyed_digest(message: bytes) -> bytes:
    """HMAC-SHA256 of `message` under the secret key: a code nothing stores, nobody can guess, and
    that changes when the key is rotated."""
    return hmac.new(secret_key().encode(), message, hashlib.sha256).digest()


def csrf_token_for(csrf_cookie: str) -> str:
    return keyed_digest(b"csrf:" + csrf_cookie.encode()).hex()


def csrf_token_is_valid(csrf_cookie: str | None, submitted: str | None) -> bool:
    if not csrf_cookie or not submitted:
        return False
    return hmac.compare_digest(csrf_token_for(csrf_cookie), submitted)
