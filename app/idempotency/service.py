"""Idempotency keys: a request's answer is recorded in the same transaction as its work.

For a POST sent with a key, the middleware begins the request's write transaction itself and first
inserts the key's row in it (`claim`); the request does its work in that transaction, and its answer
is written into the row (`record`) just before the one commit, which therefore keeps both or neither:

- committed: the work and its answer are saved together, so every retry replays the answer, also
  when the process died before it could send it;
- not committed (the request failed, or its process died first): the row goes with the work, and
  the first retry runs the request as if it were the first.

Simultaneous requests with one key are settled by the unique (owner, key) constraint: a second INSERT
waits until the transaction holding the first row ends, then finds its answer or, if it rolled back,
inserts the row itself. PostgreSQL waits on the uncommitted row for at most LOCK_WAIT (the retry
of a longer request hears 409 "still running" rather than tie up a connection); SQLite writes one
transaction at a time, so there the retry simply waits its turn. A process that dies mid-request
takes its transaction with it: PostgreSQL rolls it back as soon as the connection closes (for a
machine lost from the network, once TCP keepalives give up on it), and SQLite ignores what was
never committed; so nothing waits on the dead request for long.

A row without an answer (status_code None) comes only from before answers were recorded with the
work, when a key was claimed in a transaction of its own: while it is younger than STALE_AFTER its
request may still be running (an app process of that version, during a deploy), and after that a
retry takes it over.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from cryptography.fernet import Fernet
from sqlalchemy import CursorResult, delete, exists, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import ApiToken
from app.db import utcnow
from app.idempotency.models import ApiRateWindow, IdempotencyKey

# Stripe keeps keys 24 hours; the hourly purge removes them between 24 and 25 hours old.
KEEP_FOR = timedelta(hours=24)
# How long a retry waits on PostgreSQL for a first request still running before it answers 409.
LOCK_WAIT = timedelta(seconds=2)
# How long an unanswered row of the earlier kind protects its request (see above).
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


def fingerprint(method: str, path: str, query: str, body: bytes, content_type: str = "") -> str:
    """What makes two requests "the same": method, path, query and body. A JSON body is compared
    by its content, so a retry that orders its keys or spaces differently is still the same; a
    multipart body (a file upload) without its boundary, which a client draws afresh for each retry."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    media_type, _, parameters = content_type.partition(";")
    if media_type.strip().lower() == "multipart/form-data":
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            boundary = value.strip().strip('"').encode("latin-1", "replace")
            if name.lower() == "boundary" and boundary:
                canonical = canonical.replace(b"--" + boundary, b"--boundary")
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), hashlib.sha256(canonical).digest()):
        digest.update(part + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Claimed:
    """The key's row is inserted in the request's transaction: run the request, `record` its answer
    and commit (or roll back, and the row is gone with the rest)."""

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

_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ends a wait


class _StillRunning(Exception):
    """The transaction that holds the key's row did not end within LOCK_WAIT."""


async def _insert_key(
    session: AsyncSession, owner: str, key: str, request_fingerprint: str, now: datetime
) -> int | None:
    """Inserts the key's row and gives its id; None when the key has a row already (committed, or by a
    transaction that ended while this one waited). _StillRunning: PostgreSQL waited LOCK_WAIT in vain."""
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = (
        (postgresql.insert if postgres else sqlite.insert)(IdempotencyKey)
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
    if not postgres:
        return (await session.execute(statement)).scalar_one_or_none()
    # Only this statement waits at most LOCK_WAIT; the request's own statements wait as they always do.
    await session.execute(text(f"SET LOCAL lock_timeout = {int(LOCK_WAIT.total_seconds() * 1000)}"))
    try:
        key_id = (await session.execute(statement)).scalar_one_or_none()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise _StillRunning from error
        raise
    await session.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
    return key_id


async def claim(session: AsyncSession, owner: str, key: str, request_fingerprint: str) -> Outcome:
    """Inserts `key`'s row for `owner` in `session`'s transaction, which the caller then commits with
    the request's answer; or says what to do instead (the caller rolls back, having written nothing)."""
    for _ in range(3):  # a row purged between our INSERT and SELECT: again
        now = utcnow()
        try:
            key_id = await _insert_key(session, owner, key, request_fingerprint, now)
        except _StillRunning:
            return InProgress()
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
        # A claim of the earlier kind, long abandoned (see the module's note): this request takes it
        # over; the condition lets only one of several simultaneous retries do so.
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


async def record(
    session: AsyncSession, claimed: Claimed, status_code: int, headers: dict[str, str], body: bytes
) -> None:
    """Writes the request's answer into its key's row, in the request's transaction (before its commit)."""
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == claimed.key_id)
        .values(status_code=status_code, response_headers=headers, response_body=body, completed_at=utcnow())
    )


async def purge_expired(session: AsyncSession) -> None:
    """The hourly purge: idempotency keys older than KEEP_FOR and finished rate-limit windows."""
    now = utcnow()
    await session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEEP_FOR))
    await session.execute(delete(ApiRateWindow).where(ApiRateWindow.window_start < now - timedelta(hours=1)))
