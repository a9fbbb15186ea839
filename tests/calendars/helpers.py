"""Shared set-up for the calendar tests: a group with a facilitator, meetings made by the service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from icalendar import Calendar, Event
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Role
from app.meetings.models import Meeting
from app.meetings.schemas import MeetingCreate
from app.meetings.service import create_meeting
from tests.factories import make_group, make_member


@dataclass
class Setup:
    group: Group
    facilitator: Account


async def make_setup(session: AsyncSession, **group_fields: Any) -> Setup:
    group = await make_group(session, **group_fields)
    facilitator = await make_member(session, group, name="Fran Facilitator", role=Role.facilitator)
    return Setup(group, facilitator)


async def make_meeting(
    session: AsyncSession, setup: Setup, *, starts_at: datetime | None = None, **fields: Any
) -> Meeting:
    data = {
        "title": "Tuesday circle",
        "starts_at": starts_at or (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0),
        "location": "Library, room 2",
        "online_url": "https://meet.example.org/secret-room",
        "agenda": "Round of introductions; mock interviews",
        **fields,
    }
    return await create_meeting(session, setup.facilitator, setup.group, MeetingCreate.model_validate(data))


def parse(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def event_for(calendar: Calendar, meeting: Meeting) -> Event:
    [event] = [e for e in calendar.events if str(e["UID"]) == f"{meeting.public_id}@between"]
    return event


_SECRET_URL = re.compile(r'id="calendar-link"[^>]*value="([^"]+)"')


def shown_feed_url(page: str) -> str | None:
    match = _SECRET_URL.search(page)
    return match.group(1) if match else None
