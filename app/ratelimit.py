"""Attempt counting kept in the database, so limits hold across every app process."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import RateLimitHit
from app.db import utcnow


async def count_recent(session: AsyncSession, key: str, window: timedelta) -> int:
    since = utcnow() - window
    statement = select(func.count()).where(RateLimitHit.key == key, RateLimitHit.created_at >= since)
    return (await session.execute(statement)).scalar_one()


def record_hit(session: AsyncSession, key: str) -> None:
    session.add(RateLimitHit(key=key))


async def forget(session: AsyncSession, key: str) -> None:
    await session.execute(delete(RateLimitHit).where(RateLimitHit.key == key))


async def purge_older_than(session: AsyncSession, age: timedelta) -> int:
    result = await session.execute(delete(RateLimitHit).where(RateLimitHit.created_at < utcnow() - age))
    return result.rowcount or 0
