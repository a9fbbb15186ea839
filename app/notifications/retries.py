"""How long Between keeps trying to deliver something, one rule for emails and webhooks alike.

The first attempt is immediate; after each failure the next waits longer, about three days in all,
so that a mail server or a receiver that is down over a weekend still gets everything. While a
worker sends something it holds it on a short lease, which it renews (a heartbeat) until the
attempt is recorded: a worker that dies, or loses its database, lets go within one lease.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from app.config import DEFAULT_LEASE_SECONDS

log = logging.getLogger("between.worker")
T = TypeVar("T")

# The wait before each retry: 11 attempts over about three days.
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=14),
    timedelta(hours=20),
    timedelta(hours=20),
)
# ±20 %, so that what failed together (an outage) does not all come back at the same instant.
JITTER = 0.2

LEASE = timedelta(seconds=DEFAULT_LEASE_SECONDS)
# The heartbeat renews a lease four times per lease: two missed beats (a database blip) still hold it.
BEATS_PER_LEASE = 4
# Recording an attempt is tried again through a database blip this long, before the lease is left to
# bring the message back.
RECORD_FOR = 120.0


def attempts_allowed(schedule: tuple[timedelta, ...] = RETRY_SCHEDULE) -> int:
    return len(schedule) + 1


def retry_delay(attempts: int, schedule: tuple[timedelta, ...] = RETRY_SCHEDULE) -> timedelta:
    """The wait after the `attempts`-th failed attempt (the last step repeats)."""
    base = schedule[min(max(attempts, 1), len(schedule)) - 1]
    return base * random.uniform(1 - JITTER, 1 + JITTER)


def total(schedule: tuple[timedelta, ...] = RETRY_SCHEDULE) -> timedelta:
    return sum(schedule, timedelta())


def _database_unreachable(error: Exception) -> bool:
    """A lost connection, a refused one, a locked SQLite file: worth trying again. Not a bug."""
    if isinstance(error, OSError | OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


async def persistently(work: Callable[[], Awaitable[T]], what: str, within: float = RECORD_FOR) -> T:
    """`work` (a short transaction), tried again through a database blip for up to `within` seconds."""
    deadline, pause = time.monotonic() + within, 0.25
    while True:
        try:
            return await work()
        except Exception as error:
            if not _database_unreachable(error) or time.monotonic() + pause > deadline:
                raise
            log.warning("%s failed (%s); trying again in %.2g s", what, type(error).__name__, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 5.0)
