"""How many database connections a process keeps: sized for the database unless the settings say."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.db import create_engine

POSTGRES = "postgresql://between@db/between"
SQLITE = "sqlite:///var/between.sqlite3"


def _settings(url: str, **values: object) -> Settings:
    return Settings.model_validate({"DATABASE_URL": url, **values})


@pytest.mark.parametrize(
    ("url", "size", "overflow"),
    [
        # Many requests at once, each holding one connection of the server's max_connections.
        (POSTGRES, 20, 10),
        # Each SQLite connection is a thread with its own page cache, and one of them writes at a time.
        (SQLITE, 4, 2),
    ],
)
def test_the_pool_is_sized_for_the_database_by_default(url: str, size: int, overflow: int) -> None:
    pool = _settings(url).database_pool()
    assert (pool["pool_size"], pool["max_overflow"]) == (size, overflow)


@pytest.mark.parametrize("url", [POSTGRES, SQLITE])
def test_the_settings_size_the_pool_when_given(url: str) -> None:
    pool = _settings(url, DATABASE_POOL_SIZE=7, DATABASE_MAX_OVERFLOW=0).database_pool()
    assert (pool["pool_size"], pool["max_overflow"]) == (7, 0)


async def test_an_engine_gets_the_pool_the_settings_give(tmp_path) -> None:
    settings = _settings(f"sqlite:///{tmp_path}/pool.sqlite3")
    engine = create_engine(settings.database_url, **settings.database_pool())
    try:
        pool = engine.sync_engine.pool
        assert (pool.size(), pool._max_overflow) == (4, 2)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
