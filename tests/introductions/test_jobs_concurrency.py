"""Several workers running the introductions job at the same instant, on a real, committed database:
every reminder, expiry notice and follow-up goes out exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db import Sessions, utcnow
from app.groups.models import Role
from app.introductions import jobs, service
from app.introductions.models import Introduction, IntroductionStatus
from app.notifications.models import OutboxMessage
from tests.factories import make_group, make_member

PAIRS_PER_KIND = 7


async def test_workers_at_once_send_each_email_exactly_once(
    committed_sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    expected: Counter[tuple[str, str]] = Counter()
    async with committed_sessions.write() as session, session.begin():
        group = await make_group(session, max_open_proposals=10)
        lead = await make_member(session, group, name="Lead", role=Role.facilitator)
        for kind, days in (("remind", 8), ("expire", 15), ("first", 8), ("second", 22)):
            for index in range(PAIRS_PER_KIND):
                a = await make_member(session, group, name=f"{kind} A{index}")
                b = await make_member(session, group, name=f"{kind} B{index}")
                introduction = await service.propose(session, lead, group, a.public_id, b.public_id, "Worth meeting.")
                if kind in ("first", "second"):
                    await service.answer(session, a, introduction.public_id, True)
                    await service.answer(session, b, introduction.public_id, True)
                    introduction.connected_at = now - timedelta(days=days)
                    template = "introduction_follow_up"
                else:
                    introduction.created_at = now - timedelta(days=days)
                    template = "introduction_reminder" if kind == "remind" else "introduction_not_going_ahead"
                for person in (a, b):
                    expected[(person.email, template)] += 1

    monkeypatch.setattr(jobs, "BATCH", 3)  # several small batches each, so the workers interleave
    results = await asyncio.gather(*(service.process_due(committed_sessions.write, now=now) for _ in range(3)))

    totals = Counter[str]()
    for result in results:
        totals.update(result)
    assert totals == {
        "reminded": PAIRS_PER_KIND,
        "expired": PAIRS_PER_KIND,
        "first_follow_ups": PAIRS_PER_KIND,
        "second_follow_ups": PAIRS_PER_KIND,
    }
    async with committed_sessions.read() as session:
        payloads = (await session.execute(select(OutboxMessage.payload))).scalars().all()
        sent = Counter(
            (p["to"], p["template"])
            for p in payloads
            if p["template"] not in ("introduction_proposed", "introduction_connected")
        )
        assert sent == expected  # exactly one of each, nothing twice
        statuses = Counter((await session.execute(select(Introduction.status))).scalars())
        assert statuses == {
            IntroductionStatus.proposed: PAIRS_PER_KIND,
            IntroductionStatus.expired: PAIRS_PER_KIND,
            IntroductionStatus.connected: 2 * PAIRS_PER_KIND,
        }
    # And a later run finds nothing left to do.
    again = await service.process_due(committed_sessions.write, now=now + timedelta(minutes=1))
    assert sum(again.values()) == 0


async def test_both_saying_yes_at_the_same_instant_connects_them_once(committed_sessions: Sessions) -> None:
    async with committed_sessions.write() as session, session.begin():
        group = await make_group(session)
        lead = await make_member(session, group, name="Lead", role=Role.facilitator)
        a = await make_member(session, group, name="Simultaneous A")
        b = await make_member(session, group, name="Simultaneous B")
        introduction = await service.propose(session, lead, group, a.public_id, b.public_id, "Worth meeting.")

    # On PostgreSQL both transactions are open and have read before either answers: the worst case.
    # (On SQLite a writing transaction holds the database's lock from its first statement, so the
    # two run one after the other and a barrier would only wait for the lock's timeout.)
    both_read = asyncio.Barrier(2)

    async def say_yes(person_id: int) -> None:
        async with committed_sessions.write() as session, session.begin():
            person = await session.get_one(type(a), person_id)
            if session.bind.dialect.name == "postgresql":
                await both_read.wait()
            await service.answer(session, person, introduction.public_id, True)

    await asyncio.gather(say_yes(a.id), say_yes(b.id))
    async with committed_sessions.read() as session:
        stored = await session.get_one(Introduction, introduction.id)
        assert stored.status == IntroductionStatus.connected
        connected = [
            p
            for p in (await session.execute(select(OutboxMessage.payload))).scalars()
            if p["template"] == "introduction_connected" and p["to"] in (a.email, b.email)
        ]
        assert sorted(p["to"] for p in connected) == sorted([a.email, b.email])
