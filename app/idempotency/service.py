"""Idempotency keys: claiming a key before a request runs, storing its response, replaying it.

A key is claimed with an INSERT in a short transaction of its own, before the request runs: the
unique (owner, key) constraint decides which of several simultaneous retries goes ahead (on
PostgreSQL the others wait for that INSERT to commit and then find the row; on SQLite writes are
serialized). The winner's response is stored when it is complete, before its last byte is sent,
so a client that has read a whole response never finds its key still "in progress".

The crash window: if the process dies after the request committed its changes but before its
response is stored (a few milliseconds), the row stays "in progress". Retries are refused with a
409 for STALE_AFTER; after that the next retry takes the key over and runs the request again,
because a request still running after that long is almost certainly gone, and one that crashed
before committing must be able to be retried. That is the one case in which a retry can repeat a
side effect; an integrator who cannot accept it checks for the created thing before retrying
after a 409 that lasts minutes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from cryptography.fernet import Fernet
from sqlalchemy import CursorResult, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import ApiToken
from app.db import utcnow
from app.idempotency.models import ApiRateWindow, IdempotencyKey

# Stripe keeps keys 24 hours; the hourly purge removes them between 24 and 25 hours old.
KEEP_FOR = timedelta(hours=24)
# How long a first request may run before a retry may take its key over (see above).
STALE_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 255
# Headers of the first response that a replay repeats (rate-limit headers describe the retry).
REPLAYED_HEADERS = ("content-type", "location", "link")


class ResponseSealer:
    """First responses are kept encrypted with a key derived from the API token that made the
    request, which Between never stores: a stored answer that carries a secret shown once (an
    invite link, a webhook signing secret) is readable only by whoever holds the token, never from
    the database alone."""

    def __init__(self, token: str) -> None:
        key = hashlib.sha256(b"between idempotent response\0" + token.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, body: bytes) -> bytes:
        return self._fernet.encrypt(body)

    def open(self, sealed: bytes) -> bytes:
        return self._fernet.decrypt(sealed)


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """What makes two requests "the same": method, path, query and body. A JSON body is compared
    by its content, so a retry that orders its keys or spaces differently is still the same."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), hashlib.sha256(canonical).digest()):
        digest.update(part + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Claimed:
    """The key is ours: run the request, then `complete` or `release`."""

    key_id: int


@dataclass(frozen=True)
class Replay:
    status_code: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class InProgress:
    """A request with this key is still running."""


@dataclass(frozen=True)
class Mismatch:
    """The key was used for another request."""


@dataclass(frozen=True)
class TokenGone:
    """The token was revoked (or never existed): nothing to replay, the API answers 401."""


Outcome = Claimed | Replay | InProgress | Mismatch | TokenGone


def _insert_for(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession], owner: str, key: str, request_fingerprint: str
) -> Outcome:
    """Claims `key` for `owner`, or says what to do instead, in one short write transaction."""
    for _ in range(3):  # a row deleted between our INSERT and SELECT (a failed first request): again
        async with sessionmaker() as session, session.begin():
            now = utcnow()
            inserted = await session.execute(
                _insert_for(session)(IdempotencyKey)
                .values(
                    owner=owner,
                    key=key,
                    fingerprint=request_fingerprint,
                    response_headers={},
                    response_body=b"",
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["owner", "key"])
                .returning(IdempotencyKey.id)
            )
            key_id = inserted.scalar_one_or_none()
            if key_id is not None:
                return Claimed(key_id)
            token_valid = exists().where(ApiToken.token_hash == owner, ApiToken.revoked_at.is_(None))
            row = (
                await session.execute(
                    select(
                        IdempotencyKey.id,
                        IdempotencyKey.fingerprint,
                        IdempotencyKey.status_code,
                        IdempotencyKey.response_headers,
                        IdempotencyKey.response_body,
                        IdempotencyKey.created_at,
                        token_valid.label("token_valid"),
                    ).where(IdempotencyKey.owner == owner, IdempotencyKey.key == key)
                )
            ).one_or_none()
            if row is None:
                continue
            if not row.token_valid:
                return TokenGone()
            if row.fingerprint != request_fingerprint:
                return Mismatch()
            if row.status_code is not None:
                return Replay(row.status_code, dict(row.response_headers or {}), bytes(row.response_body or b""))
            if row.created_at > now - STALE_AFTER:
                return InProgress()
            # The first request is long gone (see the module's note): this retry takes the key over;
            # the condition lets only one of several simultaneous retries do so.
            taken = cast(
                CursorResult[Any],
                await session.execute(
                    update(IdempotencyKey)
                    .where(
                        IdempotencyKey.id == row.id,
                        IdempotencyKey.status_code.is_(None),
                        IdempotencyKey.created_at <= now - STALE_AFTER,
                    )
                    .values(created_at=now)
                ),
            )
            return Claimed(row.id) if taken.rowcount == 1 else InProgress()
    return InProgress()


async def complete(
    sessionmaker: async_sessionmaker[AsyncSession],
    claimed: Claimed,
    status_code: int,
    headers: dict[str, str],
    body: bytes,
) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == claimed.key_id)
            .values(status_code=status_code, response_headers=headers, response_body=body, completed_at=utcnow())
        )


async def release(sessionmaker: async_sessionmaker[AsyncSession], claimed: Claimed) -> None:
    """Forgets a claim whose request did not get a lasting answer, so that a retry can run."""
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claimed.key_id))


async def purge_expired(session: AsyncSession) -> None:
    """The hourly purge: idempotency keys older than KEEP_FOR and finished rate-limit windows."""
    now = utcnow()
    await session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEEP_FOR))
    await session.execute(delete(ApiRateWindow).where(ApiRateWindow.window_start < now - timedelta(hours=1)))
