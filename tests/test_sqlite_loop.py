"""SQLite's calls run on the event loop, and only a call that must wait for another connection's lock
waits on aiosqlite's thread (app/sqlite_loop.py), so that the loop goes on serving meanwhile. On a
file database of its own, whichever database the suite runs on."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import create_engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'loop.sqlite3'}")

    @event.listens_for(engine.sync_engine, "connect")
    def _thread_of_call(dbapi_connection: object, _record: object) -> None:
        # SELECT thread_of_call() names the thread that ran the statement.
        dbapi_connection.create_function("thread_of_call", 0, threading.get_ident)  # type: ignore[attr-defined]

    yield engine
    await engine.dispose()


def _writing(engine: AsyncEngine) -> AsyncEngine:
    """Transactions that take the write lock as they begin (BEGIN IMMEDIATE), as the app's writes do."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


async def test_reads_and_uncontended_writes_run_on_the_event_loop(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    async with _writing(engine).connect() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('hello')"))
        await connection.commit()
        thread = (await connection.execute(text("SELECT thread_of_call()"))).scalar_one()
        body = (await connection.execute(text("SELECT body FROM notes"))).scalar_one()
    assert thread == threading.get_ident()
    assert body == "hello"


async def test_a_write_that_waits_for_another_writer_waits_off_the_loop(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async with _writing(engine).connect() as holder, _writing(engine).connect() as waiter:
        await holder.execute(text("INSERT INTO notes (body) VALUES ('first')"))
        ticker = asyncio.create_task(tick())

        async def second_writer() -> str:
            # BEGIN IMMEDIATE first, which waits until `holder` commits
            await waiter.execute(text("INSERT INTO notes (body) VALUES ('second')"))
            thread = (await waiter.execute(text("SELECT thread_of_call()"))).scalar_one()
            await waiter.commit()
            return "on the loop" if thread == threading.get_ident() else "on a thread"

        writing = asyncio.create_task(second_writer())
        async with asyncio.timeout(10):
            while ticks < 10:  # the loop goes on serving…
                await asyncio.sleep(0.01)
        assert not writing.done()  # …while the second writer waits for the lock
        await holder.commit()
        assert await asyncio.wait_for(writing, timeout=10) == "on the loop"  # once it had the lock
        ticker.cancel()
        timeout = (await waiter.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
        bodies = (await waiter.execute(text("SELECT body FROM notes ORDER BY id"))).scalars().all()
    assert timeout == 0  # waiting again is the thread's to do
    assert bodies == ["first", "second"]


async def test_commits_append_to_the_log_without_waiting_for_the_disk(engine: AsyncEngine) -> None:
    # A commit on the loop that flushed to the disk would hold up every request meanwhile.
    async with engine.connect() as connection:
        journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar_one()
        synchronous = (await connection.exec_driver_sql("PRAGMA synchronous")).scalar_one()
    assert (journal, synchronous) == ("wal", 1)  # 1: NORMAL
