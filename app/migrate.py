"""Runs Alembic migrations from code (the CLI, `make run`, the test harness)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import PROJECT_ROOT, get_settings
from app.db import SEARCH_PREFIX, create_engine


@dataclass(frozen=True)
class SchemaUpgrade:
    """The schema's revision before and after an upgrade (None: there was no schema at all)."""

    before: str | None
    after: str | None

    def summary(self) -> str:
        """What happened, in a sentence for whoever ran the command."""
        if self.before is None:
            return f"Created the database schema (revision {self.after})."
        if self.before != self.after:
            return f"Upgraded the database schema from revision {self.before} to {self.after}."
        return f"Database is up to date (revision {self.after})."


def compared_on(dialect_name: str) -> Callable[..., bool]:
    """Alembic's `include_object` for comparing the models with a database of this dialect: an
    index the models create on one dialect only (`Index(...).ddl_if(dialect=...)`, such as the
    PostgreSQL trigram indexes) is not expected on the others; SQLite's full-text search tables
    (`search_*`, migration 0018, and the tables FTS5 keeps for them) are no model's."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
        if type_ == "table" and reflected and dialect_name == "sqlite" and (name or "").startswith(SEARCH_PREFIX):
            return False
        only_on = getattr(obj, "_ddl_if", None)
        if type_ == "index" and not reflected and only_on is not None and only_on.dialect is not None:
            return bool(only_on.dialect == dialect_name)
        return True

    return include


def alembic_config(database_url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection) -> SchemaUpgrade:
    before = _current_revision(connection)
    command.upgrade(alembic_config(connection=connection), "head")
    return SchemaUpgrade(before, _current_revision(connection))


def upgrade_head(database_url: str | None = None) -> SchemaUpgrade:
    async def run() -> SchemaUpgrade:
        engine = create_engine(database_url or get_settings().database_url)
        try:
            return await upgrade_head_async(engine)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def upgrade_head_async(engine: AsyncEngine) -> SchemaUpgrade:
    """For callers already inside an event loop (the tests). One transaction: the revision read
    before and after is that of the schema the upgrade built."""
    async with engine.begin() as connection:
        return await connection.run_sync(_upgrade)
