"""Reminder emails: who gets one, when, only once, and that the worker delivers them."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.calendars.reminders import queue_due_reminders
from app.config import get_settings
from app.db import utcnow
from app.groups.models import Membership, MembershipStatus
from app.meetings.models import Meeting, RsvpAnswer
from app.meetings.schemas import MeetingUpdate
from app.meetings.service import answer, cancel_meeting, local_when, update_meeting
from app.notifications.models import OutboxMessage
from app.notifications.worker import SmtpMailer, run_once
from app.worker import housekeeping
from tests.calendars.helpers import make_meeting, make_setup
from tests.conftest import Mailbox
from tests.factories import make_member


async def _outbox(session: AsyncSession) -> list[OutboxMessage]:
    return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def test_going_and_maybe_get_one_reminder_each_and_only_once(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session, name="Tuesday evenings", timezone="America/Chicago")
    meeting = await make_meeting(session, setup, starts_at=utcnow() + timedelta(hours=30), capacity=2)
    people = {}
    for name, reply in (
        ("Gina Going", RsvpAnswer.going),
        ("Gus Going", RsvpAnswer.going),
        ("Wanda Waitlisted", RsvpAnswer.going),
        ("Mo Maybe", RsvpAnswer.maybe),
        ("Nora Not", RsvpAnswer.not_going),
        ("Lee Left", RsvpAnswer.going),
    ):
        people[name] = await make_member(session, setup.group, name=name)
        await answer(session, people[name], meeting.public_id, reply)
    await make_member(session, setup.group, name="Quiet Quinn")  # no answer
    left = (
        await session.execute(select(Membership).where(Membership.account_id == people["Lee Left"].id))
    ).scalar_one()
    left.status = MembershipStatus.left
    await session.commit()

    assert await queue_due_reminders(sessionmaker) == 0  # 30 hours ahead: not yet (24 hours before)
    assert await queue_due_reminders(sessionmaker, now=utcnow() + timedelta(hours=7)) == 3
    messages = await _outbox(session)
    assert sorted(message.payload["to"] for message in messages) == sorted(
        people[name].email for name in ("Gina Going", "Gus Going", "Mo Maybe")
    )
    by_person = {message.payload["to"]: message.payload for message in messages}
    going, maybe = by_person[people["Gina Going"].email], by_person[people["Mo Maybe"].email]
    assert going["subject"].startswith("See you soon: Tuesday circle")
    assert maybe["subject"].startswith("Will you come? Tuesday circle")
    assert "we have you down as going" in going["text"] and "Confirm my answer" in maybe["html"]
    await session.refresh(meeting)
    assert meeting.reminders_queued_at is not None

    assert await queue_due_reminders(sessionmaker, now=utcnow() + timedelta(hours=8)) == 0
    assert len(await _outbox(session)) == 3


async def test_no_reminders_for_cancelled_started_or_silent_groups(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    reminding = await make_setup(session, reminder_hours_before=2)
    silent = await make_setup(session, reminder_hours_before=0)
    soon = utcnow() + timedelta(hours=1)
    cancelled = await make_meeting(session, reminding, title="Cancelled", starts_at=soon)
    quiet = await make_meeting(session, silent, title="Silent group", starts_at=soon)
    later = await make_meeting(session, reminding, title="Later", starts_at=utcnow() + timedelta(hours=5))
    for setup, meeting in ((reminding, cancelled), (silent, quiet), (reminding, later)):
        person = await make_member(session, setup.group)
        await answer(session, person, meeting.public_id, RsvpAnswer.going)
    await cancel_meeting(session, reminding.facilitator, cancelled.public_id)
    before = len(await _outbox(session))  # the cancellation notice
    await session.commit()

    assert await queue_due_reminders(sessionmaker) == 0  # "Later" is 5 hours away; this group says 2
    assert await queue_due_reminders(sessionmaker, now=utcnow() + timedelta(hours=6)) == 0  # it has started
    assert len(await _outbox(session)) == before
    assert await queue_due_reminders(sessionmaker, now=utcnow() + timedelta(hours=4)) == 1


async def test_a_meeting_moved_closer_is_reminded_at_its_new_time(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    meeting = await make_meeting(session, setup, starts_at=utcnow() + timedelta(hours=40))
    person = await make_member(session, setup.group)
    await answer(session, person, meeting.public_id, RsvpAnswer.going)
    await session.commit()
    assert await queue_due_reminders(sessionmaker) == 0

    await update_meeting(
        session, setup.facilitator, meeting.public_id, MeetingUpdate(starts_at=utcnow() + timedelta(hours=10))
    )
    await session.commit()
    assert await queue_due_reminders(sessionmaker) == 1
    [message] = await _outbox(session)
    await session.refresh(meeting)
    assert local_when(meeting) in message.payload["subject"]


async def test_the_worker_queues_and_delivers_reminders_by_smtp(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    setup = await make_setup(session, name="HR professionals", timezone="America/Chicago")
    meeting = await make_meeting(session, setup, starts_at=utcnow() + timedelta(hours=3))
    person = await make_member(session, setup.group, name="Gina Going", email="gina@example.com")
    await answer(session, person, meeting.public_id, RsvpAnswer.going)
    await session.commit()

    await housekeeping(sessionmaker, hourly=False)
    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 1
    [received] = mailbox.to("gina@example.com")
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    link = f"http://testserver/meetings/{meeting.public_id}"
    assert received["Subject"].startswith("See you soon: Tuesday circle")
    assert "(America/Chicago)" in received["Subject"]
    for body in (text, html):
        assert "Hello Gina Going" in body and "HR professionals" in body
        assert "Library, room 2" in body and "https://meet.example.org/secret-room" in body
        assert "mock interviews" in body and link in body and f"{link}/calendar.ics" in body
    await housekeeping(sessionmaker, hourly=False)
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 0  # nothing twice


async def test_hourly_housekeeping_extends_recurring_series(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session, reminder_hours_before=0)
    first = await make_meeting(session, setup, recurrence="FREQ=WEEKLY")
    await session.commit()

    async def stored() -> int:
        return (
            await session.execute(select(func.count()).select_from(Meeting).where(Meeting.series_id == first.series_id))
        ).scalar_one()

    before = await stored()
    with time_machine.travel(utcnow() + timedelta(days=28)):
        await housekeeping(sessionmaker, hourly=False)
        assert await stored() == before  # the minute's chores leave series alone
        await housekeeping(sessionmaker)
    assert await stored() == before + 4
