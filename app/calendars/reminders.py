"""Reminder emails before meetings, queued by the worker through the outbox.

Any number of workers may run this at the same moment: each meeting is handled in a transaction of
its own that locks the meeting's row (FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite the writing
transaction holds the database's write lock) and checks again that nobody queued its reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import links
from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Membership, MembershipStatus
from app.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpStatus
from app.meetings.service import local_when
from app.notifications import service as notifications

log = logging.getLogger("between.reminders")

# People on the waitlist are not reminded: they hear from us when a seat opens for them.
_REMINDED = (RsvpStatus.going, RsvpStatus.maybe)


async def _due_meeting_ids(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> list[int]:
    """Scheduled meetings that have not started and whose group's reminder time has come."""
    async with sessionmaker() as session, session.begin():
        hours = list(
            (
                await session.execute(
                    select(Group.reminder_hours_before).where(Group.reminder_hours_before > 0).distinct()
                )
            ).scalars()
        )
        if not hours:
            return []
        # One condition per setting in use (a handful), so the comparison stays a plain one on
        # both databases instead of date arithmetic that each spells differently.
        due = or_(
            *((Group.reminder_hours_before == h) & (Meeting.starts_at <= now + timedelta(hours=h)) for h in hours)
        )
        statement = (
            select(Meeting.id)
            .join(Group, Group.id == Meeting.group_id)
            .where(
                Meeting.status == MeetingStatus.scheduled,
                Meeting.reminders_queued_at.is_(None),
                Meeting.starts_at > now,
                due,
            )
            .order_by(Meeting.starts_at)
        )
        return list((await session.execute(statement)).scalars())


async def _queue_for_meeting(session: AsyncSession, meeting_id: int, now: datetime) -> int | None:
    """Queues one meeting's reminders; None when another worker has it or already did it."""
    meeting = (
        await session.execute(
            select(Meeting)
            .where(
                Meeting.id == meeting_id,
                Meeting.reminders_queued_at.is_(None),
                Meeting.status == MeetingStatus.scheduled,
            )
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if meeting is None or meeting.starts_at <= now:
        return None
    group = await session.get_one(Group, meeting.group_id)
    if group.reminder_hours_before <= 0 or meeting.starts_at > now + timedelta(hours=group.reminder_hours_before):
        return None  # changed since the meetings were picked
    people = (
        await session.execute(
            select(Rsvp.status, Account.email, Account.display_name)
            .join(Account, Account.id == Rsvp.account_id)
            .join(Membership, (Membership.account_id == Account.id) & (Membership.group_id == group.id))
            .where(
                Rsvp.meeting_id == meeting.id, Rsvp.status.in_(_REMINDED), Membership.status == MembershipStatus.active
            )
            .order_by(Account.id)
        )
    ).all()
    link = links.absolute(links.meeting(meeting.public_id))
    context = {
        "group": group.name,
        "meeting": meeting,
        "when": local_when(meeting),
        "link": link,
        "calendar_link": links.absolute(links.meeting(meeting.public_id, "calendar.ics")),
    }
    for status, email, name in people:
        await notifications.queue_email(
            session, to=email, template="meeting_reminder", context={**context, "name": name, "answer": status.value}
        )
    meeting.reminders_queued_at = now
    await session.flush()
    return len(people)


async def queue_due_reminders(sessionmaker: async_sessionmaker[AsyncSession], now: datetime | None = None) -> int:
    """Queues the reminder emails that are due; returns how many were queued. Each meeting's
    reminders are queued once, in one transaction with the mark that says so."""
    now = now or utcnow()
    queued = 0
    for meeting_id in await _due_meeting_ids(sessionmaker, now):
        async with sessionmaker() as session, session.begin():
            count = await _queue_for_meeting(session, meeting_id, now)
        if count is not None:
            queued += count
            log.info("queued %d reminder(s) for meeting %s", count, meeting_id)
    return queued
