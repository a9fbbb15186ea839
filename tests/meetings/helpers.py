from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Role
from app.meetings import service
from app.meetings.models import Meeting
from app.meetings.schemas import MeetingCreate
from tests.factories import make_group, make_member


async def group_with_people(
    session: AsyncSession, members: int = 3, **group: Any
) -> tuple[Group, Account, list[Account]]:
    group_ = await make_group(session, **group)
    lead = await make_member(session, group_, name="Fay Facilitator", role=Role.facilitator)
    people = [await make_member(session, group_, name=f"Member {index}") for index in range(members)]
    return group_, lead, people


def in_days(days: int, hour: int = 18, minute: int = 30) -> datetime:
    """A naive local time `days` from now: meeting times are given in the group's time zone."""
    return (utcnow() + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0, tzinfo=None)


async def schedule(session: AsyncSession, lead: Account, group: Group, **fields: Any) -> Meeting:
    data = MeetingCreate.model_validate({"title": "Weekly meeting", "starts_at": in_days(3), **fields})
    return await service.create_meeting(session, lead, group, data)
