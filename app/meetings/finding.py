"""Finding a meeting for someone who may see it, and the times every meeting page shows."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.errors import NotFound
from app.groups.models import Group, Membership
from app.groups.service import require_active_member, require_facilitator
from app.meetings import recurrence
from app.meetings.models import Meeting
from app.timezones import zone_label

MEETING_NOT_FOUND = "There is no such meeting, or it belongs to a group you are not part of."


def ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


def localize(starts_at: datetime, timezone: str) -> datetime:
    """Naive start times are wall-clock times in the meeting's time zone."""
    return recurrence.to_utc(starts_at, timezone) if starts_at.tzinfo is None else starts_at.astimezone(recurrence.UTC)


def local_when(meeting: Meeting) -> str:
    local = recurrence.local_naive(meeting.starts_at, meeting.timezone)
    return f"{local:%A, %B %-d, %Y at %-I:%M %p} ({zone_label(meeting.timezone)})"


# --- finding meetings ---------------------------------------------------------------------------


async def _meeting_and_group(session: AsyncSession, meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    row = (
        await session.execute(
            select(Meeting, Group).join(Group, Group.id == Meeting.group_id).where(Meeting.public_id == meeting_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(MEETING_NOT_FOUND)
    return row[0], row[1]


async def meeting_for_member(
    session: AsyncSession, viewer: Account, meeting_id: uuid.UUID
) -> tuple[Meeting, Group, Membership]:
    """The meeting, its group and the viewer's membership; outsiders get the same 404 as for nothing."""
    meeting, group = await _meeting_and_group(session, meeting_id)
    try:
        membership = await require_active_member(session, viewer, group)
    except NotFound:
        raise NotFound(MEETING_NOT_FOUND) from None
    return meeting, group, membership


async def meeting_for_facilitator(
    session: AsyncSession, viewer: Account, meeting_id: uuid.UUID
) -> tuple[Meeting, Group]:
    meeting, group, _ = await meeting_for_member(session, viewer, meeting_id)
    await require_facilitator(session, viewer, group)
    return meeting, group
