"""Several workers queueing reminders at the same instant, against a real, committed database."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.calendars import reminders
from app.db import Sessions, utcnow
from app.meetings.models import Meeting, RsvpAnswer
from app.meetings.service import answer
from app.notifications.models import OutboxMessage
from tests.calendars.helpers import make_meeting, make_setup
from tests.factories import make_member


async def test_two_workers_at_once_send_each_reminder_exactly_once(
    committed_sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected: Counter[str] = Counter()
    async with committed_sessions.write() as session, session.begin():
        setup = await make_setup(session)
        for hours in (2, 3, 4, 5):
            meeting = await make_meeting(
                session, setup, title=f"In {hours} hours", starts_at=utcnow() + timedelta(hours=hours)
            )
            for index in range(6):
                person = await make_member(session, setup.group, name=f"Person {hours}-{index}")
                await answer(
                    session, person, meeting.public_id, RsvpAnswer.maybe if index % 3 == 0 else RsvpAnswer.going
                )
                expected[person.email] += 1

    # Both workers find the same due meetings before either queues anything: the worst case.
    both_looked = asyncio.Barrier(2)
    find_due = reminders._due_meeting_ids

    async def find_due_then_wait(*args: Any) -> list[int]:
        found = await find_due(*args)
        await both_looked.wait()
        return found

    monkeypatch.setattr(reminders, "_due_meeting_ids", find_due_then_wait)
    results = await asyncio.gather(*(reminders.queue_due_reminders(committed_sessions.write) for _ in range(2)))

    assert sum(results) == sum(expected.values()) == 24
    async with committed_sessions.read() as session:
        sent = Counter(payload["to"] for payload in (await session.execute(select(OutboxMessage.payload))).scalars())
        assert sent == expected  # exactly one email per person and meeting
        marked = (await session.execute(select(Meeting.reminders_queued_at))).scalars().all()
        assert len(marked) == 4 and all(marked)
