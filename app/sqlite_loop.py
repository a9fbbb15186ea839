"""SQLite on the event loop, but for the waits: a call waits for a lock on aiosqlite's thread.

aiosqlite runs every call of the sqlite3 driver on a thread of its connection: each cursor, execute,
fetch, close and commit is a hand-over to that thread and back through the event loop. A request
makes 40 to 60 such calls, and each costs more than the work it carries (a keyed lookup in the
file's pages takes microseconds). Under load it costs far more: the thread waits for the GIL while
the loop serves other requests, up to Python's switch interval (5 ms) at every hand-over, and
API requests, which each count themselves in a short write transaction, queued behind one another.
Measured on this project's 2-core machine, a person's profile took 16 ms in process with every
call on the thread and 5–7 ms on the loop.

So every call runs on the loop, with SQLite's busy timeout at zero: a call that would wait for
another connection's lock fails at once with SQLITE_BUSY, having changed nothing, and only then
is it made again on the thread, with the timeout of WAIT_SECONDS, where it waits as before while the
loop serves other requests. Waiting on the loop would stop them all, and if the connection being
waited for belonged to a request of this process, that request could never finish. In WAL mode
(app/db.py sets it on every connection) readers and writers do not block each other, so only a
write meeting another write, or a checkpoint, takes the thread.

Each connection is used by one session at a time and each call is awaited before the next, so the
driver's connection is never used by the loop and the thread at once: it is opened with
check_same_thread=False, as SQLAlchemy's aiosqlite dialect opens files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy import URL
from sqlalchemy.dialects.sqlite.aiosqlite import dialect as aiosqlite_dialect

# How long a call waits for another connection's lock before it fails with "database is locked".
WAIT_SECONDS = 30
_SQLITE_BUSY = 5  # the primary result code; extended codes (BUSY_RECOVERY, …) keep it in their low byte


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _SQLITE_BUSY


class _LoopConnection(aiosqlite.Connection):
    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        return await super()._execute(self._waiting, fn, *args, **kwargs)

    def _waiting(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """On the thread: `fn`, waiting up to WAIT_SECONDS for the lock it needs."""
        self._conn.execute(f"PRAGMA busy_timeout = {WAIT_SECONDS * 1000}")
        try:
            return fn(*args, **kwargs)
        finally:
            self._conn.execute("PRAGMA busy_timeout = 0")


def connector(url: URL) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """create_async_engine's `async_creator` for an aiosqlite URL: connections as SQLAlchemy's
    aiosqlite dialect opens them (the same arguments), whose calls run on the event loop."""
    args, kwargs = aiosqlite_dialect().create_connect_args(url)
    kwargs.update(timeout=0, check_same_thread=False)  # opened on the thread, used on the loop too

    async def connect() -> aiosqlite.Connection:
        connection = _LoopConnection(partial(sqlite3.connect, *args, **kwargs), iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy's dialect does: never holds up the exit
        return await connection

    return connect
