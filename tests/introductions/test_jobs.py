"""The timed job: a reminder after 7 days, expiry after 14, follow-ups 7 and 21 days after connecting."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import utcnow
from app.introductions import service
from app.introductions.models import IntroductionStatus
from app.worker import housekeeping
from tests.introductions.helpers import emails, make_setup, propose, whole

NOTHING = {"expired": 0, "reminded": 0, "second_follow_ups": 0, "first_follow_ups": 0}


async def test_one_reminder_after_a_week_to_whoever_has_not_answered(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await session.commit()
    start = utcnow()

    with time_machine.travel(start + timedelta(days=6, hours=23)):
        assert await service.process_due(sessionmaker) == NOTHING
    with time_machine.travel(start + timedelta(days=7, minutes=1)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "reminded": 1}
    with time_machine.travel(start + timedelta(days=9)):
        assert await service.process_due(sessionmaker) == NOTHING  # once
    [reminder] = await emails(session, template="introduction_reminder")
    assert reminder["to"] == setup.ben.email and reminder["subject"] == "Would you like to meet Ana Lopez?"
    assert f"/introductions/{introduction.public_id}" in reminder["text"]
    await session.refresh(introduction)
    assert introduction.reminded_at is not None


async def test_unanswered_proposals_expire_after_two_weeks_without_blame(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ben, introduction.public_id, True)
    await session.commit()
    start = utcnow()
    with time_machine.travel(start + timedelta(days=13, hours=23)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "reminded": 1}
    with time_machine.travel(start + timedelta(days=14, minutes=1)):
        assert (await service.process_due(sessionmaker))["expired"] == 1
        assert (await service.process_due(sessionmaker))["expired"] == 0
    await session.refresh(introduction)
    assert introduction.status == IntroductionStatus.expired and introduction.closed_at is not None
    told = await emails(session, template="introduction_not_going_ahead")
    assert sorted(payload["to"] for payload in told) == sorted([setup.ana.email, setup.ben.email])
    for payload in told:
        text = whole(payload).lower()
        assert "not going ahead" in text and "did not answer" not in text and "declin" not in text
    view = await service.introduction_for(session, setup.ana, introduction.public_id)
    assert view.status == "not_going_ahead"


async def test_a_proposal_found_only_after_two_weeks_expires_without_a_reminder(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    await propose(session, setup)
    await session.commit()
    with time_machine.travel(utcnow() + timedelta(days=15)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "expired": 1}
    assert await emails(session, template="introduction_reminder") == []


async def test_follow_ups_a_week_and_three_weeks_after_connecting(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ben, introduction.public_id, True)
    await session.commit()
    start = utcnow()
    with time_machine.travel(start + timedelta(days=6)):
        assert await service.process_due(sessionmaker) == NOTHING
    with time_machine.travel(start + timedelta(days=7, minutes=1)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "first_follow_ups": 1}
    with time_machine.travel(start + timedelta(days=20)):
        assert await service.process_due(sessionmaker) == NOTHING
    with time_machine.travel(start + timedelta(days=21, minutes=1)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "second_follow_ups": 1}
    with time_machine.travel(start + timedelta(days=60)):
        assert await service.process_due(sessionmaker) == NOTHING

    follow_ups = await emails(session, template="introduction_follow_up")
    assert [(p["to"], p["subject"]) for p in follow_ups] == [
        (setup.ana.email, "Did you meet Ben Okafor?"),
        (setup.ben.email, "Did you meet Ana Lopez?"),
        (setup.ana.email, "How is it going with Ben Okafor?"),
        (setup.ben.email, "How is it going with Ana Lopez?"),
    ]
    for payload in follow_ups:
        assert f"/introductions/{introduction.public_id}#outcome" in payload["text"]
    await session.refresh(introduction)
    assert introduction.first_follow_up_at and introduction.second_follow_up_at


async def test_a_long_overdue_connection_gets_one_follow_up_not_two(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ben, introduction.public_id, True)
    await session.commit()
    with time_machine.travel(utcnow() + timedelta(days=30)):
        assert await service.process_due(sessionmaker) == {**NOTHING, "second_follow_ups": 1}
    assert len(await emails(session, template="introduction_follow_up")) == 2


async def test_the_worker_runs_the_job(session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await session.commit()
    with time_machine.travel(utcnow() + timedelta(days=15)):
        await housekeeping(sessionmaker, hourly=False)
    await session.refresh(introduction)
    assert introduction.status == IntroductionStatus.expired
