"""A member's own network: the people they were introduced to and connected with, in every group.

Two statements whatever the size of the network: the connections (with both outcomes, the other
person's headline and the group, joined in), and when the member first joined a group.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Membership
from app.introductions.models import Introduction, IntroductionOutcome, IntroductionStatus, Outcome
from app.profiles.models import Profile

# A connected introduction without the member's word on it after this long earns a gentle nudge.
FOLLOW_UP_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Connection:
    introduction_id: uuid.UUID
    group_name: str
    timezone: str
    name: str
    headline: str
    reason: str
    connected_at: datetime
    my_outcome: Outcome | None
    # What the other person reported (never their note, which is for the facilitators).
    their_outcome: Outcome | None
    former_member: bool
    needs_follow_up: bool

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.name


@dataclass(frozen=True)
class MyNetwork:
    connections: list[Connection]  # newest first
    since: date | None  # the day the member first joined a group (in that group's time zone)
    today: date
    timezone: str

    @property
    def nudges(self) -> list[Connection]:
        return [connection for connection in self.connections if connection.needs_follow_up]

    def growth(self) -> list[tuple[date, int]]:
        """The running count of connections, one step per day something was added."""
        zone = ZoneInfo(self.timezone)
        steps: dict[date, int] = {}
        for count, connection in enumerate(sorted(self.connections, key=lambda c: c.connected_at), start=1):
            steps[connection.connected_at.astimezone(zone).date()] = count
        return sorted(steps.items())


async def my_network(session: AsyncSession, account: Account) -> MyNetwork:
    """Only the account's own connected introductions; the rest of each group stays out of sight."""
    other = aliased(Account)
    mine, theirs = aliased(IntroductionOutcome), aliased(IntroductionOutcome)
    other_id = case((Introduction.person_a_id == account.id, Introduction.person_b_id), else_=Introduction.person_a_id)
    my_reason = case((Introduction.person_a_id == account.id, Introduction.reason_a), else_=Introduction.reason_b)
    statement = (
        select(
            Introduction.public_id,
            my_reason,
            Introduction.connected_at,
            Group.name,
            Group.timezone,
            other.display_name,
            other.deleted_at,
            Profile.headline,
            mine.outcome,
            theirs.outcome,
        )
        .join(Group, Group.id == Introduction.group_id)
        .join(other, other.id == other_id)
        .outerjoin(Profile, Profile.account_id == other.id)
        .outerjoin(mine, and_(mine.introduction_id == Introduction.id, mine.account_id == account.id))
        .outerjoin(theirs, and_(theirs.introduction_id == Introduction.id, theirs.account_id == other.id))
        .where(
            or_(Introduction.person_a_id == account.id, Introduction.person_b_id == account.id),
            Introduction.status == IntroductionStatus.connected,
            Introduction.connected_at.is_not(None),
        )
        .order_by(Introduction.connected_at.desc(), Introduction.id.desc())
    )
    now = utcnow()
    connections = [
        Connection(
            introduction_id=public_id,
            group_name=group_name,
            timezone=timezone,
            name=name,
            headline="" if deleted_at else (headline or ""),
            reason=reason,
            connected_at=connected_at,
            my_outcome=my_outcome,
            their_outcome=None if deleted_at else their_outcome,
            former_member=deleted_at is not None,
            needs_follow_up=my_outcome is None and deleted_at is None and connected_at <= now - FOLLOW_UP_AFTER,
        )
        for (
            public_id,
            reason,
            connected_at,
            group_name,
            timezone,
            name,
            deleted_at,
            headline,
            my_outcome,
            their_outcome,
        ) in (await session.execute(statement)).all()
    ]
    first = (
        await session.execute(
            select(func.coalesce(Membership.joined_at, Membership.created_at), Group.timezone)
            .join(Group, Group.id == Membership.group_id)
            .where(Membership.account_id == account.id)
            .order_by(func.coalesce(Membership.joined_at, Membership.created_at))
            .limit(1)
        )
    ).one_or_none()
    timezone = first[1] if first else (connections[-1].timezone if connections else "UTC")
    zone = ZoneInfo(timezone)
    since = first[0].astimezone(zone).date() if first else None
    if connections:
        earliest = min(connection.connected_at for connection in connections).astimezone(zone).date()
        since = min(since, earliest) if since else earliest
    return MyNetwork(connections, since, now.astimezone(zone).date(), timezone)
