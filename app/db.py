"""Database: declarative base, engine, and the one transaction per request."""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from fastapi import Depends, Request
from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    DateTime,
    Enum,
    Integer,
    MetaData,
    Table,
    any_,
    bindparam,
    event,
    literal,
    make_url,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, mapped_column
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator, Uuid

from app.sqlite_loop import connector

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


# SQLite's full-text search tables (`search_*`), which migrations create beside the models' tables
# and triggers (named after them) keep up to date (migration 0018).
SEARCH_PREFIX = "search_"


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, also on SQLite (which stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}

    if TYPE_CHECKING:
        # Declarative types `__table__` as any FromClause; every model here is mapped to a Table.
        __table__: ClassVar[Table]


class PublicIdMixin:
    """Internal integer keys for joins; an opaque UUID for everything a person or client sees."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)


# Pooled connections are replaced after this long (create_engine's pool_recycle, DATABASE_POOL_RECYCLE_SECONDS).
DEFAULT_POOL_RECYCLE_SECONDS = 1800


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine whose pool is not pinged before each use (a round trip on every checkout):
    connections are replaced after `pool_recycle` seconds instead, and a connection found dead is
    a disconnect error, on which SQLAlchemy discards it and every pooled connection opened before
    it (a server restart drops them all), so that only the request that met it fails (with a 503:
    errors.is_database_outage) and the next one connects afresh. `pool_size` and `max_overflow`
    come from the settings (DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW)."""
    kwargs.setdefault("pool_recycle", DEFAULT_POOL_RECYCLE_SECONDS)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # var/ on a fresh clone
        else:  # one connection for an in-memory database (SQLAlchemy's StaticPool): nothing to size
            kwargs.pop("pool_size", None)
            kwargs.pop("max_overflow", None)
        engine = create_async_engine(url, async_creator=connector(make_url(url)), **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    return create_async_engine(url, **kwargs)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    # The sqlite3 driver's legacy mode skips BEGIN before SELECT and SAVEPOINT, which breaks
    # repeatable reads and nested transactions; SQLAlchemy emits BEGIN itself instead.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # SQLite's advice for WAL: a commit appends to the log without waiting for the disk, which
        # would hold up the event loop (app/sqlite_loop.py) at every write, an API request's rate
        # count included. Nothing is lost when the app stops or crashes; a machine that loses power
        # may forget its last commits, and the database stays sound.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds ASCII only; searches must match "Émile" as PostgreSQL does.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Transactions that will write take the write lock up front: a read transaction that
        # later writes fails at once ("database is locked") if another writer committed meanwhile.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_sessionmaker(bind: Any, *, for_writes: bool = False, **kwargs: Any) -> async_sessionmaker[AsyncSession]:
    if for_writes and isinstance(bind, AsyncEngine) and bind.dialect.name == "sqlite":
        bind = bind.execution_options(sqlite_begin="IMMEDIATE")
    return async_sessionmaker(bind=bind, expire_on_commit=False, autoflush=False, **kwargs)


@dataclass(frozen=True)
class Sessions:
    """Where sessions come from: `write` for transactions that change data (on SQLite they take
    the write lock when they begin), `read` for the rest."""

    read: async_sessionmaker[AsyncSession]
    write: async_sessionmaker[AsyncSession]

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> Sessions:
        return cls(read=create_sessionmaker(engine), write=create_sessionmaker(engine, for_writes=True))

    @classmethod
    def single(cls, sessionmaker: async_sessionmaker[AsyncSession]) -> Sessions:
        return cls(read=sessionmaker, write=sessionmaker)


_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Where a middleware that began the request's transaction itself hands its session over (in the ASGI
# scope): an API POST with an Idempotency-Key, whose answer is recorded in the same transaction as
# its work (app/idempotency/middleware.py).
OPEN_TRANSACTION = "between.open_transaction"


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent.

    Declared with scope="function" below, so a failing commit becomes an error response
    instead of hiding behind a 2xx that has already gone out.

    A transaction handed over in OPEN_TRANSACTION is committed by whoever began it; the request's
    work is a savepoint in it, so that an error undoes the work and nothing else.
    """
    opened: AsyncSession | None = request.scope.get(OPEN_TRANSACTION)
    if opened is not None:
        async with opened.begin_nested():
            yield opened
        return
    sessions: Sessions = request.app.state.sessions
    sessionmaker = sessions.read if request.method in _SAFE_METHODS else sessions.write
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


DbSession = Annotated[AsyncSession, Depends(request_session, scope="function")]


def among(
    column: ColumnElement[int] | QueryableAttribute[int], ids: Iterable[int], dialect: str
) -> ColumnElement[bool]:
    """`column IN ids`, for a list of ids of any length, on `dialect` (its name). On PostgreSQL as
    `column = ANY(array)`: one parameter, so that the statement's text stays the same whatever the
    number of ids. psycopg then converts it to the server's placeholders once, rather than splitting
    hundreds of them out of a text too long for its cache on every run (a fifth of a page's time),
    and the server can keep the statement prepared."""
    if dialect == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    return column.in_(list(ids))


class _AmongIds(ColumnElement[bool]):
    """`column IN (:name)` in a statement built once, for any number of ids bound to `name` when it
    runs: on PostgreSQL `column = ANY(:name)`, one array parameter (see `among`); elsewhere an
    expanding IN."""

    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: no "= 1" after it where booleans are integers
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("name", InternalTraversal.dp_string)]

    def __init__(self, column: ColumnElement[int] | QueryableAttribute[int], name: str) -> None:
        self.column = coercions.expect(roles.ExpressionElementRole, column)
        self.name = name


@compiles(_AmongIds, "postgresql")
def _among_ids_on_postgresql(element: _AmongIds, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column == any_(bindparam(element.name, type_=ARRAY(Integer))), **kw)


@compiles(_AmongIds)
def _among_ids_elsewhere(element: _AmongIds, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


def among_ids(column: ColumnElement[int] | QueryableAttribute[int], name: str) -> ColumnElement[bool]:
    """`among` for statements built once: the ids are bound to `name` each time the statement runs."""
    return _AmongIds(column, name)


def str_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """Enums as short strings with a CHECK constraint: the same on SQLite and PostgreSQL."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )
