"""Helpers for the meeting-day tests: a group with a facilitator, meetings, answers and check-ins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Role
from app.meetings import service as meetings
from app.meetings.models import Attendance, CheckInMethod, Meeting, Rsvp, RsvpAnswer, RsvpStatus
from app.meetings.schemas import MeetingCreate
from tests.factories import checked_in_at_the_meeting, make_group, make_member


@dataclass
class Circle:
    group: Group
    lead: Account


async def make_circle(session: AsyncSession, **group_fields: Any) -> Circle:
    group = await make_group(session, name=group_fields.pop("name", "Tuesday HR Circle"), **group_fields)
    lead = await make_member(
        session,
        group,
        name="Fay Facilitator",
        role=Role.facilitator,
        email=f"fay-{uuid.uuid4().hex[:6]}@example.org",
        headline="Volunteer facilitator",
    )
    return Circle(group, lead)


async def make_meeting(
    session: AsyncSession,
    circle: Circle,
    *,
    title: str = "Tuesday evening circle",
    starts_at: datetime | None = None,
    **fields: Any,
) -> Meeting:
    starts_at = starts_at or utcnow() + timedelta(hours=1)
    return await meetings.create_meeting(
        session, circle.lead, circle.group, MeetingCreate(title=title, starts_at=starts_at, **fields)
    )


async def going(
    session: AsyncSession, meeting: Meeting, *people: Account, reply: RsvpAnswer = RsvpAnswer.going
) -> None:
    for person in people:
        await meetings.answer(session, person, meeting.public_id, reply)


async def checked_in(session: AsyncSession, circle: Circle, meeting: Meeting, *people: Account) -> None:
    """Checked in now, at a meeting whose check-in is open."""
    for person in people:
        await meetings.check_in(session, circle.lead, meeting.public_id, person.public_id)


async def attended(session: AsyncSession, circle: Circle, meeting: Meeting, *people: Account) -> None:
    """Checked in during the meeting, when it took place (last week's, say)."""
    await checked_in_at_the_meeting(session, circle.lead, meeting, *people)


async def attendance_of(session: AsyncSession, meeting: Meeting, person_id: uuid.UUID) -> Attendance | None:
    statement = (
        select(Attendance)
        .join(Account, Account.id == Attendance.account_id)
        .where(Attendance.meeting_id == meeting.id, Account.public_id == person_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def answer_and_arrive_in_bulk(
    session: AsyncSession, meeting: Meeting, person_ids: list[uuid.UUID], arrived: int
) -> None:
    """Everyone answers "going"; the first `arrived` of them are checked in (a few statements)."""
    accounts = dict(
        (await session.execute(select(Account.public_id, Account.id).where(Account.public_id.in_(person_ids)))).all()
    )
    now = utcnow()
    await session.execute(
        insert(Rsvp),
        [
            {
                "meeting_id": meeting.id,
                "account_id": accounts[person_id],
                "answer": RsvpAnswer.going,
                "status": RsvpStatus.going,
                "created_at": now,
                "updated_at": now,
            }
            for person_id in person_ids
        ],
    )
    await session.execute(
        insert(Attendance),
        [
            {
                "meeting_id": meeting.id,
                "account_id": accounts[person_id],
                "method": CheckInMethod.roster,
                "checked_in_at": now + timedelta(seconds=index),
            }
            for index, person_id in enumerate(person_ids[:arrived])
        ],
    )


def soup_of(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text_of(response: httpx.Response, selector: str) -> list[str]:
    return [" ".join(tag.get_text(" ").split()) for tag in soup_of(response).select(selector)]
