"""Per-token API rate limits: fixed one-minute windows counted in the database, so that the limit
holds across every app process. One upsert per API request, in a short transaction of its own,
so that a request counts even when it fails; the token's account and token are read with it
(count_and_authenticate: on PostgreSQL in the same statement), so authenticating costs no more.

Measured with `BENCH_ONLY=http make bench` on a busy 2-core machine, counting costs GET
/api/v1/groups about a fifth of its throughput (SQLite about 185 → 140 requests/s; PostgreSQL
about 145 → 110). On SQLite, without the in-process queue below, the 95th percentile went from
about 150 ms to 500 ms."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, func, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.accounts import api_tokens
from app.accounts.models import ApiToken
from app.db import utcnow
from app.idempotency.models import ApiRateWindow

log = logging.getLogger("between.rate_limits")

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class RateLimit:
    """What the `RateLimit-*` headers of a response say."""

    limit: int
    remaining: int
    reset_seconds: int  # until the window ends

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.remaining, 0)),
            "RateLimit-Reset": str(self.reset_seconds),
        }


def rate_limit_detail(rate_limit: RateLimit) -> str:
    return (
        f"This token has made more than {rate_limit.limit} requests this minute. Wait "
        f"{rate_limit.reset_seconds} seconds (the Retry-After header says so too) and try again."
    )


def _upsert(dialect_name: str) -> Any:
    """INSERT … SELECT the token by its hash … ON CONFLICT DO UPDATE SET count = count + 1
    RETURNING count: one statement, and no row (so nothing counted) for an unknown or revoked token."""
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    token = select(ApiToken.id, bindparam("window_start", type_=ApiRateWindow.window_start.type), literal(1)).where(
        ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None)
    )
    if dialect_name == "postgresql":
        # The statement is its own transaction (autocommit), and its commit need not wait for the
        # disk: a crash may forget the last moment's counts, which costs nothing, while every API
        # request waiting for a flush of the log, one after another on the token's one row, costs a lot.
        token = token.where(func.set_config("synchronous_commit", "off", True).is_not(None))
    table = ApiRateWindow.__table__  # Core, not ORM: nothing to track, the least work per request
    statement = insert(table).from_select([table.c.token_id, table.c.window_start, table.c.count], token)
    return statement.on_conflict_do_update(
        index_elements=[table.c.token_id, table.c.window_start], set_={"count": table.c.count + 1}
    ).returning(table.c.count)


# Built once per dialect: this runs on every API request.
_UPSERTS = {name: _upsert(name) for name in ("postgresql", "sqlite")}


def _counted_authentication() -> Any:
    """PostgreSQL: the count and the token's account and token in one statement (the upsert as a
    common table expression, joined to the authentication)."""
    counted = _upsert("postgresql").cte("counted")
    authentication = api_tokens.authentication(bindparam("token_hash"))
    return authentication.add_columns(counted.c.count.label("window_count")).outerjoin(counted, true())


_COUNTED_AUTHENTICATION = _counted_authentication()
_AUTHENTICATION = api_tokens.authentication(bindparam("token_hash"))


_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
_autocommit: weakref.WeakKeyDictionary[AsyncEngine, AsyncEngine] = weakref.WeakKeyDictionary()


def _counting_engine(engine: AsyncEngine) -> AsyncEngine:
    """On PostgreSQL the one statement commits by itself (autocommit): one round trip, not three.
    SQLite keeps its explicit BEGIN IMMEDIATE (see app/db.py: the driver's own transaction
    handling is switched off there, and changing isolation levels would switch it back on)."""
    if engine.dialect.name != "postgresql":
        return engine
    found = _autocommit.get(engine)
    if found is None:
        found = _autocommit[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


def _queue_for(bind: AsyncEngine) -> contextlib.AbstractAsyncContextManager[Any]:
    """On SQLite, one writer at a time: counts from this process wait their turn here, in order,
    instead of in SQLite's busy handler, which sleeps in growing steps (a long tail of latency).
    PostgreSQL locks the one row being counted and needs no help."""
    if bind.dialect.name != "sqlite":
        return contextlib.nullcontext()
    loop = asyncio.get_running_loop()
    lock = _queues.get(loop)
    if lock is None:
        lock = _queues[loop] = asyncio.Lock()
    return lock


@dataclass(frozen=True)
class Counted:
    """A request counted and its token authenticated together (count_and_authenticate)."""

    rate_limit: RateLimit | None
    # ACCOUNT_COLUMNS and TOKEN_COLUMNS of app.accounts.api_tokens; None for a token that is not valid.
    authenticated: Row[Any] | None


def _rate_limit(count: int | None, now: datetime, window_start: datetime, limit: int) -> RateLimit | None:
    if count is None:
        return None
    reset = max(1, math.ceil((window_start + WINDOW - now).total_seconds()))
    return RateLimit(limit=limit, remaining=limit - count, reset_seconds=reset)


async def count_and_authenticate(
    sessionmaker: async_sessionmaker[AsyncSession], token_hash: str, limit: int
) -> Counted | None:
    """count_request, and the token's account and token read in the same go: on PostgreSQL one
    statement that commits by itself, on SQLite the same short write transaction, either way before
    the request's own transaction begins. None when that failed (the request then authenticates in
    its own transaction, uncounted, as count_request lets it go ahead)."""
    now = utcnow()
    window_start = window_of(now)
    parameters = {"token_hash": token_hash, "window_start": window_start}
    bind = sessionmaker.kw.get("bind")
    try:
        if isinstance(bind, AsyncEngine) and bind.dialect.name == "postgresql":
            async with _counting_engine(bind).begin() as connection:
                row = (await connection.execute(_COUNTED_AUTHENTICATION, parameters)).one_or_none()
            count = None if row is None else row._mapping["window_count"]
        elif isinstance(bind, AsyncEngine):
            async with _queue_for(bind), bind.begin() as connection:
                count = (await connection.execute(_UPSERTS[bind.dialect.name], parameters)).scalar_one_or_none()
                row = (await connection.execute(_AUTHENTICATION, parameters)).one_or_none()
        else:  # bound to a connection (the test suite's): a session joins its transaction
            async with sessionmaker() as session, session.begin():
                statement = _UPSERTS[session.get_bind().dialect.name]
                count = (await session.execute(statement, parameters)).scalar_one_or_none()
                row = (await session.execute(_AUTHENTICATION, parameters)).one_or_none()
    except SQLAlchemyError:
        log.warning("could not count an API request for rate limiting", exc_info=True)
        return None
    return Counted(_rate_limit(count, now, window_start, limit), row)


def window_of(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


async def count_request(
    sessionmaker: async_sessionmaker[AsyncSession], token_hash: str, limit: int
) -> RateLimit | None:
    """Counts one request of the token in the current window; None for a token that is not valid
    (authentication says so next), or when counting failed (the request then goes ahead:
    bookkeeping trouble must not take the API down).

    Called before the request's own session touches the database, so that a request never holds
    one pooled connection while waiting for another."""
    now = utcnow()
    window_start = window_of(now)
    parameters = {"token_hash": token_hash, "window_start": window_start}
    bind = sessionmaker.kw.get("bind")
    try:
        if isinstance(bind, AsyncEngine):
            # A bare connection, no ORM session: this runs on every API request.
            async with _queue_for(bind), _counting_engine(bind).begin() as connection:
                count = (await connection.execute(_UPSERTS[bind.dialect.name], parameters)).scalar_one_or_none()
        else:  # bound to a connection (the test suite's): a session joins its transaction
            async with sessionmaker() as session, session.begin():
                statement = _UPSERTS[session.get_bind().dialect.name]
                count = (await session.execute(statement, parameters)).scalar_one_or_none()
    except SQLAlchemyError:
        log.warning("could not count an API request for rate limiting", exc_info=True)
        return None
    return _rate_limit(count, now, window_start, limit)
