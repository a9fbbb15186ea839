"""Answers to a meeting: going, maybe or not going, with capacity and an ordered waitlist that
promotes by itself. Decided one at a time per meeting (a row lock), so the count is right
however many answer at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.db import utcnow
from app.errors import Conflict
from app.groups.models import Group
from app.meetings.finding import ends_at, local_when, meeting_for_facilitator, meeting_for_member
from app.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpAnswer, RsvpStatus
from app.notifications import service as notifications
from app.webhooks import events as webhooks

# --- answers, capacity and the waitlist ----------------------------------------------------------


async def _locked(session: AsyncSession, meeting: Meeting) -> Meeting:
    """The meeting row locked for this transaction: answers to one meeting are decided one at a time
    (PostgreSQL row lock; on SQLite the writing transaction already holds the database's write lock)."""
    statement = (
        select(Meeting).where(Meeting.id == meeting.id).with_for_update().execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one()


async def _going_count(session: AsyncSession, meeting: Meeting) -> int:
    return (
        await session.execute(
            select(func.count()).select_from(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.status == RsvpStatus.going)
        )
    ).scalar_one()


async def waitlist_position(session: AsyncSession, rsvp: Rsvp) -> int:
    ahead = (
        await session.execute(
            select(func.count())
            .select_from(Rsvp)
            .where(
                Rsvp.meeting_id == rsvp.meeting_id,
                Rsvp.status == RsvpStatus.waitlisted,
                or_(
                    Rsvp.waitlisted_at < rsvp.waitlisted_at,
                    and_(Rsvp.waitlisted_at == rsvp.waitlisted_at, Rsvp.id < rsvp.id),
                ),
            )
        )
    ).scalar_one()
    return ahead + 1


async def answer(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID, reply: RsvpAnswer
) -> tuple[Rsvp, int | None]:
    """Records the member's answer; "going" to a full meeting joins the waitlist. Returns the answer
    and, when waitlisted, the position."""
    meeting, group, _ = await meeting_for_member(session, actor, meeting_id)
    meeting = await _locked(session, meeting)
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting was cancelled, so it takes no answers.")
    if ends_at(meeting) < utcnow():
        raise Conflict("This meeting is over, so it takes no answers.")
    rsvp = (
        await session.execute(
            select(Rsvp)
            .where(Rsvp.meeting_id == meeting.id, Rsvp.account_id == actor.id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    was_going = rsvp is not None and rsvp.status == RsvpStatus.going
    if rsvp is None:
        rsvp = Rsvp(meeting_id=meeting.id, account_id=actor.id, answer=reply, status=RsvpStatus.not_going)
        session.add(rsvp)
    rsvp.answer = reply
    if reply == RsvpAnswer.going:
        if rsvp.status not in (RsvpStatus.going, RsvpStatus.waitlisted):
            if meeting.capacity is None or await _going_count(session, meeting) < meeting.capacity:
                rsvp.status, rsvp.waitlisted_at = RsvpStatus.going, None
            else:
                rsvp.status, rsvp.waitlisted_at = RsvpStatus.waitlisted, utcnow()
    else:
        rsvp.status, rsvp.waitlisted_at = RsvpStatus(reply.value), None
    rsvp.updated_at = utcnow()
    await session.flush()
    await webhooks.emit(session, group, "rsvp.changed", webhooks.rsvp(meeting, actor, rsvp))
    if was_going and rsvp.status != RsvpStatus.going:
        await fill_free_seats(session, meeting, group)
    position = await waitlist_position(session, rsvp) if rsvp.status == RsvpStatus.waitlisted else None
    return rsvp, position


async def fill_free_seats(session: AsyncSession, meeting: Meeting, group: Group) -> None:
    """Promotes the longest-waiting people while there are free seats, and tells them by email."""
    if meeting.status == MeetingStatus.cancelled:
        return
    free = None if meeting.capacity is None else meeting.capacity - await _going_count(session, meeting)
    statement = (
        select(Rsvp, Account)
        .join(Account, Account.id == Rsvp.account_id)
        .where(Rsvp.meeting_id == meeting.id, Rsvp.status == RsvpStatus.waitlisted)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
    )
    if free is not None:
        if free <= 0:
            return
        statement = statement.limit(free)
    promoted = (await session.execute(statement)).all()
    for rsvp, person in promoted:
        rsvp.status, rsvp.waitlisted_at, rsvp.updated_at = RsvpStatus.going, None, utcnow()
        await notifications.queue_email(
            session,
            to=person.email,
            template="waitlist_promoted",
            context={
                "name": person.display_name,
                "group": group.name,
                "meeting": meeting,
                "when": local_when(meeting),
                "link": links.absolute(links.meeting(meeting.public_id)),
            },
        )
    await webhooks.emit(
        session, group, "rsvp.changed", [webhooks.rsvp(meeting, person, rsvp) for rsvp, person in promoted]
    )
    await session.flush()


@dataclass
class Answer:
    rsvp: Rsvp
    account: Account
    waitlist_position: int | None


async def answers(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group, list[Answer]]:
    """Everyone's answers (facilitators): going first, then the waitlist in order, then the rest."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    rows = (
        await session.execute(
            select(Rsvp, Account)
            .join(Account, Account.id == Rsvp.account_id)
            .where(Rsvp.meeting_id == meeting.id)
            .order_by(Rsvp.status, Rsvp.waitlisted_at, func.lower(Account.display_name), Rsvp.id)
        )
    ).all()
    order = {RsvpStatus.going: 0, RsvpStatus.waitlisted: 1, RsvpStatus.maybe: 2, RsvpStatus.not_going: 3}
    result, position = [], 0
    for rsvp, account in sorted(rows, key=lambda row: order[row[0].status]):
        if rsvp.status == RsvpStatus.waitlisted:
            position += 1
        result.append(Answer(rsvp, account, position if rsvp.status == RsvpStatus.waitlisted else None))
    return meeting, group, result


async def withdraw_from_future_meetings(session: AsyncSession, account: Account) -> None:
    """Someone leaves Between: their seats at meetings to come go to the people waiting for them."""
    rows = (
        await session.execute(
            select(Rsvp, Meeting, Group)
            .join(Meeting, Meeting.id == Rsvp.meeting_id)
            .join(Group, Group.id == Meeting.group_id)
            .where(Rsvp.account_id == account.id, Meeting.starts_at > utcnow())
        )
    ).all()
    for rsvp, meeting, group in rows:
        was_going = rsvp.status == RsvpStatus.going
        await session.delete(rsvp)
        await session.flush()
        if was_going:
            await fill_free_seats(session, await _locked(session, meeting), group)
