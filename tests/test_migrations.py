"""The models and the migrations describe the same schema (on whichever database this run uses)."""

from __future__ import annotations

import warnings
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from app.migrate import alembic_config, compared_on
from app.models import Base


async def test_models_match_migrations(engine: AsyncEngine) -> None:
    def differences(sync_connection: Any) -> list[Any]:
        opts = {"compare_type": True, "include_object": compared_on(sync_connection.dialect.name)}
        context = MigrationContext.configure(sync_connection, opts=opts)
        with warnings.catch_warnings():
            # Alembic says so before `include_object` drops the PostgreSQL-only expression indexes.
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
            return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == [], f"models and migrations disagree; write a migration for: {diff}"


async def test_database_is_at_the_single_head(engine: AsyncEngine) -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"

    def current(sync_connection: Any) -> str | None:
        return MigrationContext.configure(sync_connection).get_current_revision()

    async with engine.connect() as connection:
        assert await connection.run_sync(current) == heads[0]


async def test_every_migration_downgrades_and_upgrades_again() -> None:
    from alembic import command

    from app.db import create_engine
    from tests.conftest import create_test_database

    database = await create_test_database(prefix="between_migrations")
    engine = create_engine(database.url)
    try:
        async with engine.begin() as connection:

            def round_trip(sync_connection: Any) -> None:
                config = alembic_config(connection=sync_connection)
                command.upgrade(config, "head")
                command.downgrade(config, "base")
                command.upgrade(config, "head")

            await connection.run_sync(round_trip)
    finally:
        await engine.dispose()
        if database.drop:
            await database.drop()
