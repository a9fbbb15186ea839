"""The timed side of introductions, run by the worker every minute or so.

Proposals unanswered after 7 days get one reminder; after 14 days they expire. Connected
introductions get a follow-up 7 and 21 days after connecting. Any number of workers may run this
at once: each batch is claimed with FOR UPDATE SKIP LOCKED (on SQLite the writing transaction
holds the database's write lock) and marked done in the same transaction as its emails.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group
from app.introductions import emails
from app.introductions.models import Answer, Introduction, IntroductionStatus

log = logging.getLogger("between.introductions")

REMIND_AFTER = timedelta(days=7)
EXPIRE_AFTER = timedelta(days=emails.ANSWER_DAYS)
FIRST_FOLLOW_UP = timedelta(days=7)
SECOND_FOLLOW_UP = timedelta(days=21)
BATCH = 50

Step = Callable[[AsyncSession, datetime], Awaitable[int]]


async def _claim(session: AsyncSession, *conditions) -> list[Introduction]:
    statement = (
        select(Introduction)
        .where(*conditions)
        .order_by(Introduction.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(statement)).scalars())


async def _context(
    session: AsyncSession, introductions: list[Introduction]
) -> tuple[dict[int, Account], dict[int, Group]]:
    account_ids = {i.person_a_id for i in introductions} | {i.person_b_id for i in introductions}
    group_ids = {i.group_id for i in introductions}
    accounts = {a.id: a for a in (await session.execute(select(Account).where(Account.id.in_(account_ids)))).scalars()}
    groups = {g.id: g for g in (await session.execute(select(Group).where(Group.id.in_(group_ids)))).scalars()}
    return accounts, groups


async def _expire(session: AsyncSession, now: datetime) -> int:
    introductions = await _claim(
        session, Introduction.status == IntroductionStatus.proposed, Introduction.created_at <= now - EXPIRE_AFTER
    )
    if not introductions:
        return 0
    accounts, groups = await _context(session, introductions)
    for introduction in introductions:
        introduction.status, introduction.closed_at = IntroductionStatus.expired, now
        first, second = accounts[introduction.person_a_id], accounts[introduction.person_b_id]
        group = groups[introduction.group_id]
        await emails.tell_not_going_ahead(session, group, first, second)
        await emails.tell_not_going_ahead(session, group, second, first)
    await session.flush()
    return len(introductions)


async def _remind(session: AsyncSession, now: datetime) -> int:
    introductions = await _claim(
        session,
        Introduction.status == IntroductionStatus.proposed,
        Introduction.reminded_at.is_(None),
        Introduction.created_at <= now - REMIND_AFTER,
        Introduction.created_at > now - EXPIRE_AFTER,
    )
    if not introductions:
        return 0
    accounts, groups = await _context(session, introductions)
    for introduction in introductions:
        introduction.reminded_at = now
        first, second = accounts[introduction.person_a_id], accounts[introduction.person_b_id]
        for person, other, reply in ((first, second, introduction.a_answer), (second, first, introduction.b_answer)):
            if reply == Answer.pending and emails.can_receive(person):
                await emails.remind(session, introduction, groups[introduction.group_id], person, other)
    await session.flush()
    return len(introductions)


async def _follow_up(session: AsyncSession, now: datetime, *, second: bool) -> int:
    if second:
        conditions = (Introduction.second_follow_up_at.is_(None), Introduction.connected_at <= now - SECOND_FOLLOW_UP)
    else:
        conditions = (Introduction.first_follow_up_at.is_(None), Introduction.connected_at <= now - FIRST_FOLLOW_UP)
    introductions = await _claim(session, Introduction.status == IntroductionStatus.connected, *conditions)
    if not introductions:
        return 0
    accounts, groups = await _context(session, introductions)
    for introduction in introductions:
        if second:
            # A worker that was down for weeks sends one follow-up, not two on the same day.
            introduction.second_follow_up_at = now
            introduction.first_follow_up_at = introduction.first_follow_up_at or now
        else:
            introduction.first_follow_up_at = now
        first, other = accounts[introduction.person_a_id], accounts[introduction.person_b_id]
        for person, partner in ((first, other), (other, first)):
            if emails.can_receive(person):
                await emails.follow_up(
                    session, introduction, groups[introduction.group_id], person, partner, second=second
                )
    await session.flush()
    return len(introductions)


async def _second_follow_up(session: AsyncSession, now: datetime) -> int:
    return await _follow_up(session, now, second=True)


async def _first_follow_up(session: AsyncSession, now: datetime) -> int:
    return await _follow_up(session, now, second=False)


async def _repeat(sessionmaker: async_sessionmaker[AsyncSession], step: Step, now: datetime) -> int:
    """Runs a step batch by batch, each batch in a transaction of its own."""
    done = 0
    while True:
        async with sessionmaker() as session, session.begin():
            count = await step(session, now)
        done += count
        if count < BATCH:
            return done


async def process_due(sessionmaker: async_sessionmaker[AsyncSession], now: datetime | None = None) -> dict[str, int]:
    """Expires, reminds and follows up what is due; returns how many introductions each touched."""
    now = now or utcnow()
    counts = {
        # Expiry first, so a proposal that is already 14 days old is not reminded on its last day.
        "expired": await _repeat(sessionmaker, _expire, now),
        "reminded": await _repeat(sessionmaker, _remind, now),
        # The second follow-up first, so that one overdue by weeks gets only the later one.
        "second_follow_ups": await _repeat(sessionmaker, _second_follow_up, now),
        "first_follow_ups": await _repeat(sessionmaker, _first_follow_up, now),
    }
    if any(counts.values()):
        log.info("introductions: %s", ", ".join(f"{name} {count}" for name, count in counts.items()))
    return counts
