"""Attempt counting kept in the database, so limits hold across every app process."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Index, String, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class RateLimitHit(Base):
    """One attempt counted against a limit (login by email or by address, later sign-ups).

    Kept in the database so limits hold across any number of app processes.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_key_created_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


async def count_recent(session: AsyncSession, key: str, window: timedelta) -> int:
    since = utcnow() - window
    statement = select(func.count()).where(RateLimitHit.key == key, RateLimitHit.created_at >= since)
    return (await session.execute(statement)).scalar_one()


def record_hit(session: AsyncSession, key: str) -> None:
    session.add(RateLimitHit(key=key))


async def forget(session: AsyncSession, key: str) -> None:
    await session.execute(delete(RateLimitHit).where(RateLimitHit.key == key))


async def purge_older_than(session: AsyncSession, age: timedelta) -> int:
    # A DELETE runs on a cursor, whose result has the rowcount that Session.execute's type leaves out.
    result = cast(
        CursorResult[Any], await session.execute(delete(RateLimitHit).where(RateLimitHit.created_at < utcnow() - age))
    )
    return result.rowcount or 0


async def forget_everything_about(session: AsyncSession, email: str, *keys: str) -> None:
    """Every count kept about an address (it ends keys such as "login:email:…"), and `keys` too:
    for someone who deletes their account."""
    await session.execute(
        delete(RateLimitHit).where(RateLimitHit.key.endswith(f":{email}", autoescape=True) | RateLimitHit.key.in_(keys))
    )
